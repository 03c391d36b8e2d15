using System;
using System.Collections.Generic;

namespace ModelGen.Build;

/// <summary>
/// The dynamic-linking version information of an ELF64 little-endian x86-64 image: the .gnu.version_r needs and
/// the dynamic symbols with their versions. <see cref="Parse"/> never throws; problems end up in <see cref="Error"/>.
/// </summary>
public sealed class ElfDynamicVersionInfo
{
    private const uint ShtStrtab = 3;
    private const uint ShtRela = 4;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort EmX86_64 = 62;
    private const int ElfHeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;

    private ElfDynamicVersionInfo(string? error, IReadOnlyList<ElfVersionNeed> needs, IReadOnlyList<ElfDynamicSymbol> symbols)
    {
        Error = error;
        Needs = needs;
        Symbols = symbols;
    }

    /// <summary>Why the image could not be parsed, or null when it was.</summary>
    public string? Error { get; }

    /// <summary>Verneed entries in file order (empty when there is no .gnu.version_r).</summary>
    public IReadOnlyList<ElfVersionNeed> Needs { get; }

    /// <summary>Dynamic symbols (empty when there is no .dynsym).</summary>
    public IReadOnlyList<ElfDynamicSymbol> Symbols { get; }

    /// <summary>Parses <paramref name="image"/>; never throws.</summary>
    public static ElfDynamicVersionInfo Parse(byte[]? image)
    {
        if (image == null)
        {
            return Fail("no data");
        }

        try
        {
            return ParseCore(image);
        }
        catch (ElfFormatException ex)
        {
            return Fail(ex.Message);
        }
        catch (Exception ex)
        {
            // Defensive: arithmetic on hostile input must never escape as an exception.
            return Fail("malformed ELF image (" + ex.GetType().Name + ": " + ex.Message + ")");
        }
    }

    private static ElfDynamicVersionInfo Fail(string error) =>
        new ElfDynamicVersionInfo(error, Array.Empty<ElfVersionNeed>(), Array.Empty<ElfDynamicSymbol>());

    private static ElfDynamicVersionInfo ParseCore(byte[] image)
    {
        if (image.Length < 4 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            return Fail("not an ELF file (missing \\x7fELF magic)");
        }

        if (image.Length < ElfHeaderSize)
        {
            return Fail("truncated ELF header (" + image.Length + " bytes)");
        }

        if (image[4] != 2)
        {
            return Fail("not a 64-bit ELF file (EI_CLASS=" + image[4] + ")");
        }

        if (image[5] != 1)
        {
            return Fail("not a little-endian ELF file (EI_DATA=" + image[5] + ")");
        }

        var reader = new LittleEndianReader(image);
        var machine = reader.U16(18);
        if (machine != EmX86_64)
        {
            return Fail("not an x86-64 ELF file (e_machine=" + machine + ")");
        }

        var sectionHeaderOffset = reader.U64(40);
        var sectionHeaderEntrySize = reader.U16(58);
        ulong sectionCount = reader.U16(60);
        if (sectionHeaderOffset == 0)
        {
            return Fail("the ELF file has no section headers");
        }

        if (sectionHeaderEntrySize != SectionHeaderSize)
        {
            return Fail("unexpected section header size " + sectionHeaderEntrySize);
        }

        if (sectionCount == 0)
        {
            // Extended numbering: the real count lives in sh_size of section 0.
            reader.RequireRange(sectionHeaderOffset, SectionHeaderSize, "section header table");
            sectionCount = reader.U64(sectionHeaderOffset + 32);
        }

        reader.RequireRange(sectionHeaderOffset, Multiply(sectionCount, SectionHeaderSize), "section header table");
        var sections = new ElfSection[sectionCount];
        for (ulong i = 0; i < sectionCount; i++)
        {
            var at = sectionHeaderOffset + i * SectionHeaderSize;
            sections[i] = new ElfSection(
                type: reader.U32(at + 4),
                offset: reader.U64(at + 24),
                size: reader.U64(at + 32),
                link: reader.U32(at + 40),
                info: reader.U32(at + 44),
                entrySize: reader.U64(at + 56));
        }

        var needs = new List<ElfVersionNeed>();
        var symbols = new List<ElfDynamicSymbol>();
        var dynsymIndex = -1;
        for (var i = 0; i < sections.Length; i++)
        {
            var section = sections[i];
            if (section.Type == ShtGnuVerneed)
            {
                ReadVersionNeeds(reader, sections, section, needs);
            }
            else if (section.Type == ShtDynsym)
            {
                if (dynsymIndex >= 0)
                {
                    return Fail("more than one .dynsym section");
                }

                dynsymIndex = i;
            }
        }

        if (dynsymIndex >= 0)
        {
            ReadDynamicSymbols(reader, sections, dynsymIndex, symbols);
        }

        return new ElfDynamicVersionInfo(null, needs, symbols);
    }

    private static void ReadVersionNeeds(LittleEndianReader reader, ElfSection[] sections, ElfSection verneed, List<ElfVersionNeed> needs)
    {
        reader.RequireRange(verneed.Offset, verneed.Size, ".gnu.version_r");
        var strings = StringTable(sections, verneed.Link, ".gnu.version_r");
        var end = verneed.Offset + verneed.Size;

        // sh_info holds the entry count; fall back to "until vn_next is 0", bounded by the section size.
        var remaining = verneed.Info != 0 ? verneed.Info : verneed.Size / 16;
        var at = verneed.Offset;
        while (remaining-- > 0)
        {
            RequireInside(at, 16, verneed.Offset, end, "Verneed entry");
            var version = reader.U16(at);
            if (version != 1)
            {
                throw new ElfFormatException("unsupported Verneed version " + version);
            }

            var auxCount = reader.U16(at + 2);
            var file = reader.String(strings, reader.U32(at + 4));
            var auxOffset = reader.U32(at + 8);
            var next = reader.U32(at + 12);

            var versions = new List<ElfVersionNeedAux>();
            var auxAt = at + auxOffset;
            for (var j = 0; j < auxCount; j++)
            {
                RequireInside(auxAt, 16, verneed.Offset, end, "Vernaux entry");
                var hash = reader.U32(auxAt);
                var flags = reader.U16(auxAt + 4);
                var other = reader.U16(auxAt + 6);
                var name = reader.String(strings, reader.U32(auxAt + 8));
                var auxNext = reader.U32(auxAt + 12);
                versions.Add(new ElfVersionNeedAux(name, hash, flags, other, checked((int)(auxAt + 4))));
                if (auxNext == 0)
                {
                    break;
                }

                auxAt += auxNext;
            }

            needs.Add(new ElfVersionNeed(file, versions));
            if (next == 0)
            {
                break;
            }

            at += next;
        }
    }

    private static void ReadDynamicSymbols(LittleEndianReader reader, ElfSection[] sections, int dynsymIndex, List<ElfDynamicSymbol> symbols)
    {
        var dynsym = sections[dynsymIndex];
        if (dynsym.EntrySize != SymbolSize)
        {
            throw new ElfFormatException("unexpected .dynsym entry size " + dynsym.EntrySize);
        }

        reader.RequireRange(dynsym.Offset, dynsym.Size, ".dynsym");
        var strings = StringTable(sections, dynsym.Link, ".dynsym");
        var count = dynsym.Size / SymbolSize;

        ElfSection? versym = null;
        foreach (var section in sections)
        {
            if (section.Type == ShtGnuVersym)
            {
                if (versym != null)
                {
                    throw new ElfFormatException("more than one .gnu.version section");
                }

                versym = section;
            }
        }

        if (versym != null)
        {
            reader.RequireRange(versym.Offset, versym.Size, ".gnu.version");
            if (versym.Size / 2 != count)
            {
                throw new ElfFormatException(".gnu.version has " + (versym.Size / 2) + " entries but .dynsym has " + count);
            }
        }

        for (ulong i = 0; i < count; i++)
        {
            var at = dynsym.Offset + i * SymbolSize;
            var name = reader.String(strings, reader.U32(at));
            var sectionIndex = reader.U16(at + 6);
            var version = versym == null ? (ushort)1 : (ushort)(reader.U16(versym.Offset + i * 2) & 0x7fff);
            symbols.Add(new ElfDynamicSymbol((int)i, name, version, sectionIndex == 0));
        }

        // Mark symbols that dynamic relocations refer to: those are used at run time, not link-time anchors.
        foreach (var section in sections)
        {
            if ((section.Type != ShtRela && section.Type != ShtRel) || section.Link != (uint)dynsymIndex)
            {
                continue;
            }

            var entrySize = section.Type == ShtRela ? 24UL : 16UL;
            reader.RequireRange(section.Offset, section.Size, "relocation section");
            for (var at = section.Offset; at + entrySize <= section.Offset + section.Size; at += entrySize)
            {
                var symbolIndex = reader.U64(at + 8) >> 32;
                if (symbolIndex != 0 && symbolIndex < count)
                {
                    symbols[(int)symbolIndex].IsRelocated = true;
                }
            }
        }
    }

    private static ElfSection StringTable(ElfSection[] sections, uint index, string owner)
    {
        if (index >= sections.Length || sections[index].Type != ShtStrtab)
        {
            throw new ElfFormatException(owner + " does not link to a string table");
        }

        return sections[index];
    }

    private static void RequireInside(ulong at, ulong length, ulong start, ulong end, string what)
    {
        if (at < start || at > end || end - at < length)
        {
            throw new ElfFormatException(what + " lies outside its section");
        }
    }

    private static ulong Multiply(ulong a, ulong b)
    {
        if (a != 0 && b > ulong.MaxValue / a)
        {
            throw new ElfFormatException("section header table size overflows");
        }

        return a * b;
    }
}
