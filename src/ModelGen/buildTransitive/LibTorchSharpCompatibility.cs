// Build-time compatibility fix for TorchSharp's native glue library (libLibTorchSharp.so) on Linux
// distributions whose libstdc++ predates GCC 13 (for example Debian 12, which stops at GLIBCXX_3.4.30).
//
// TorchSharp 0.107.0's libLibTorchSharp.so was linked with GCC 13, which makes every object that includes
// <iostream> reference `_ZSt21ios_base_library_initv@GLIBCXX_3.4.32`. That symbol is a link-time anchor: it only
// forces the linker to pull in libstdc++'s stream initialisation and is never called or relocated against. The
// reference alone nevertheless adds a GLIBCXX_3.4.32 "version need" to .gnu.version_r, and the dynamic loader
// refuses to load the library when libstdc++ lacks that version. Marking that one need VER_FLG_WEAK makes the
// loader tolerate its absence, which is exactly right when nothing but the anchor is bound to it.
//
// How this file is compiled:
//   * at build time by RoslynCodeTaskFactory (see ModelGen.targets). That compilation references netstandard 2.0
//     only, so this file deliberately sticks to the netstandard 2.0 API surface: no BinaryPrimitives/Span (they
//     live in System.Memory, which the factory cannot reference), no File.Move(..., overwrite) (File.Replace is
//     the netstandard 2.0 atomic rename) and no nullable-analysis attributes. The factory defines no
//     preprocessor symbols.
//   * by tests/ModelGen.Build.Tests, which defines MODELGEN_BUILD_TASKS and calls the MSBuild-free classes directly.
//   * The guard below keeps the file out of the ModelGen runtime library (net10.0 defines NET), whose default
//     **/*.cs glob would otherwise pick it up.
#if MODELGEN_BUILD_TASKS || !NET
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;

namespace ModelGen.Build
{
    /// <summary>Value of the <c>ModelGenLibTorchSharpFix</c> MSBuild property.</summary>
    public enum LibTorchSharpFixMode
    {
        /// <summary>Patch only when this machine's libstdc++ lacks GLIBCXX_3.4.32 (the default).</summary>
        Auto,

        /// <summary>Patch regardless of this machine (build on a new distribution, deploy to an old one).</summary>
        Always,

        /// <summary>Never touch the file.</summary>
        Never,
    }

    /// <summary>What <see cref="LibStdCxxAnchorFix.FixFile"/> did to a file.</summary>
    public enum LibTorchSharpFixStatus
    {
        /// <summary>The GLIBCXX_3.4.32 need was marked weak and the file replaced.</summary>
        Patched,

        /// <summary>The need is already weak; nothing to do.</summary>
        AlreadyWeak,

        /// <summary>Auto mode and this machine's libstdc++ provides GLIBCXX_3.4.32; nothing to do.</summary>
        SystemProvidesVersion,

        /// <summary>Mode is <see cref="LibTorchSharpFixMode.Never"/>.</summary>
        Disabled,

        /// <summary>The file does not need GLIBCXX_3.4.32 from libstdc++.so.6 at all.</summary>
        VersionNotNeeded,

        /// <summary>Symbols other than the link-time anchor need GLIBCXX_3.4.32; weakening it would be wrong.</summary>
        Refused,

        /// <summary>Not an ELF64 little-endian x86-64 image, or malformed; left alone.</summary>
        Unsupported,

        /// <summary>Reading or replacing the file failed; the original is left in place.</summary>
        Failed,
    }

    /// <summary>Outcome of <see cref="LibStdCxxAnchorFix.Analyze"/> on an in-memory image.</summary>
    public enum ElfFixVerdict
    {
        /// <summary>Setting VER_FLG_WEAK at <see cref="ElfFixPlan.FlagOffsets"/> makes the image loadable.</summary>
        NeedsPatch,

        /// <summary>Every GLIBCXX_3.4.32 need from libstdc++.so.6 is already weak.</summary>
        AlreadyWeak,

        /// <summary>The image has no GLIBCXX_3.4.32 need from libstdc++.so.6.</summary>
        VersionNotNeeded,

        /// <summary>Real (non-anchor) symbols need the version; see <see cref="ElfFixPlan.BlockingSymbols"/>.</summary>
        Refused,

        /// <summary>Not an image this code understands; see <see cref="ElfFixPlan.Reason"/>.</summary>
        Unsupported,
    }

    /// <summary>One Vernaux entry: a symbol version required from a needed library.</summary>
    public sealed class ElfVersionNeedAux
    {
        internal ElfVersionNeedAux(string name, uint hash, ushort flags, ushort index, int flagsOffset)
        {
            Name = name;
            Hash = hash;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        /// <summary>Version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
        public string Name { get; }

        /// <summary>vna_hash.</summary>
        public uint Hash { get; }

        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }

        /// <summary>vna_other: the version index that .gnu.version entries use to refer to this version.</summary>
        public ushort Index { get; }

        /// <summary>File offset of the 16-bit vna_flags field.</summary>
        public int FlagsOffset { get; }

        /// <summary>True when VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & LibStdCxxAnchorFix.VerFlagWeak) != 0;
    }

    /// <summary>One Verneed entry: a needed library and the versions required from it.</summary>
    public sealed class ElfVersionNeed
    {
        internal ElfVersionNeed(string file, IReadOnlyList<ElfVersionNeedAux> versions)
        {
            File = file;
            Versions = versions;
        }

        /// <summary>Library file name, e.g. <c>libstdc++.so.6</c>.</summary>
        public string File { get; }

        /// <summary>The versions required from <see cref="File"/>.</summary>
        public IReadOnlyList<ElfVersionNeedAux> Versions { get; }
    }

    /// <summary>One .dynsym entry with its .gnu.version index.</summary>
    public sealed class ElfDynamicSymbol
    {
        internal ElfDynamicSymbol(int index, string name, ushort versionIndex, bool isUndefined)
        {
            Index = index;
            Name = name;
            VersionIndex = versionIndex;
            IsUndefined = isUndefined;
        }

        /// <summary>Index in .dynsym.</summary>
        public int Index { get; }

        /// <summary>Symbol name.</summary>
        public string Name { get; }

        /// <summary>.gnu.version entry with the hidden bit masked off (0 local, 1 global, otherwise a version).</summary>
        public ushort VersionIndex { get; }

        /// <summary>True when st_shndx is SHN_UNDEF (the symbol is imported).</summary>
        public bool IsUndefined { get; }

        /// <summary>True when some dynamic relocation refers to this symbol.</summary>
        public bool IsRelocated { get; internal set; }
    }

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
            new ElfDynamicVersionInfo(error, new ElfVersionNeed[0], new ElfDynamicSymbol[0]);

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
            ushort machine = reader.U16(18);
            if (machine != EmX86_64)
            {
                return Fail("not an x86-64 ELF file (e_machine=" + machine + ")");
            }

            ulong sectionHeaderOffset = reader.U64(40);
            ushort sectionHeaderEntrySize = reader.U16(58);
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
            var sections = new Section[sectionCount];
            for (ulong i = 0; i < sectionCount; i++)
            {
                ulong at = sectionHeaderOffset + i * SectionHeaderSize;
                sections[i] = new Section(
                    type: reader.U32(at + 4),
                    offset: reader.U64(at + 24),
                    size: reader.U64(at + 32),
                    link: reader.U32(at + 40),
                    info: reader.U32(at + 44),
                    entrySize: reader.U64(at + 56));
            }

            var needs = new List<ElfVersionNeed>();
            var symbols = new List<ElfDynamicSymbol>();
            int dynsymIndex = -1;
            for (int i = 0; i < sections.Length; i++)
            {
                Section section = sections[i];
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

        private static void ReadVersionNeeds(LittleEndianReader reader, Section[] sections, Section verneed, List<ElfVersionNeed> needs)
        {
            reader.RequireRange(verneed.Offset, verneed.Size, ".gnu.version_r");
            Section strings = StringTable(sections, verneed.Link, ".gnu.version_r");
            ulong end = verneed.Offset + verneed.Size;

            // sh_info holds the entry count; fall back to "until vn_next is 0", bounded by the section size.
            ulong remaining = verneed.Info != 0 ? verneed.Info : verneed.Size / 16;
            ulong at = verneed.Offset;
            while (remaining-- > 0)
            {
                RequireInside(at, 16, verneed.Offset, end, "Verneed entry");
                ushort version = reader.U16(at);
                if (version != 1)
                {
                    throw new ElfFormatException("unsupported Verneed version " + version);
                }

                ushort auxCount = reader.U16(at + 2);
                string file = reader.String(strings, reader.U32(at + 4));
                uint auxOffset = reader.U32(at + 8);
                uint next = reader.U32(at + 12);

                var versions = new List<ElfVersionNeedAux>();
                ulong auxAt = at + auxOffset;
                for (int j = 0; j < auxCount; j++)
                {
                    RequireInside(auxAt, 16, verneed.Offset, end, "Vernaux entry");
                    uint hash = reader.U32(auxAt);
                    ushort flags = reader.U16(auxAt + 4);
                    ushort other = reader.U16(auxAt + 6);
                    string name = reader.String(strings, reader.U32(auxAt + 8));
                    uint auxNext = reader.U32(auxAt + 12);
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

        private static void ReadDynamicSymbols(LittleEndianReader reader, Section[] sections, int dynsymIndex, List<ElfDynamicSymbol> symbols)
        {
            Section dynsym = sections[dynsymIndex];
            if (dynsym.EntrySize != SymbolSize)
            {
                throw new ElfFormatException("unexpected .dynsym entry size " + dynsym.EntrySize);
            }

            reader.RequireRange(dynsym.Offset, dynsym.Size, ".dynsym");
            Section strings = StringTable(sections, dynsym.Link, ".dynsym");
            ulong count = dynsym.Size / SymbolSize;

            Section? versym = null;
            foreach (Section section in sections)
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
                ulong at = dynsym.Offset + i * SymbolSize;
                string name = reader.String(strings, reader.U32(at));
                ushort sectionIndex = reader.U16(at + 6);
                ushort version = versym == null ? (ushort)1 : (ushort)(reader.U16(versym.Offset + i * 2) & 0x7fff);
                symbols.Add(new ElfDynamicSymbol((int)i, name, version, sectionIndex == 0));
            }

            // Mark symbols that dynamic relocations refer to: those are used at run time, not link-time anchors.
            foreach (Section section in sections)
            {
                if ((section.Type != ShtRela && section.Type != ShtRel) || section.Link != (uint)dynsymIndex)
                {
                    continue;
                }

                ulong entrySize = section.Type == ShtRela ? 24UL : 16UL;
                reader.RequireRange(section.Offset, section.Size, "relocation section");
                for (ulong at = section.Offset; at + entrySize <= section.Offset + section.Size; at += entrySize)
                {
                    ulong symbolIndex = reader.U64(at + 8) >> 32;
                    if (symbolIndex != 0 && symbolIndex < count)
                    {
                        symbols[(int)symbolIndex].IsRelocated = true;
                    }
                }
            }
        }

        private static Section StringTable(Section[] sections, uint index, string owner)
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

        private sealed class Section
        {
            public Section(uint type, ulong offset, ulong size, uint link, uint info, ulong entrySize)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
                EntrySize = entrySize;
            }

            public uint Type { get; }

            public ulong Offset { get; }

            public ulong Size { get; }

            public uint Link { get; }

            public uint Info { get; }

            public ulong EntrySize { get; }
        }

        /// <summary>Bounds-checked little-endian reads; every failure is an <see cref="ElfFormatException"/>.</summary>
        private sealed class LittleEndianReader
        {
            private readonly byte[] _data;

            public LittleEndianReader(byte[] data) => _data = data;

            public void RequireRange(ulong offset, ulong length, string what)
            {
                ulong size = (ulong)_data.Length;
                if (offset > size || size - offset < length)
                {
                    throw new ElfFormatException(what + " lies beyond the end of the file (truncated or corrupt)");
                }
            }

            public ushort U16(ulong offset)
            {
                int at = Check(offset, 2);
                return (ushort)(_data[at] | (_data[at + 1] << 8));
            }

            public uint U32(ulong offset)
            {
                int at = Check(offset, 4);
                return _data[at] | ((uint)_data[at + 1] << 8) | ((uint)_data[at + 2] << 16) | ((uint)_data[at + 3] << 24);
            }

            public ulong U64(ulong offset)
            {
                return U32(offset) | ((ulong)U32(offset + 4) << 32);
            }

            public string String(Section table, uint offset)
            {
                if (offset >= table.Size)
                {
                    throw new ElfFormatException("string offset " + offset + " lies outside its string table");
                }

                RequireRange(table.Offset, table.Size, "string table");
                int start = (int)(table.Offset + offset);
                int limit = (int)(table.Offset + table.Size);
                int end = Array.IndexOf(_data, (byte)0, start, limit - start);
                if (end < 0)
                {
                    throw new ElfFormatException("unterminated string in string table");
                }

                return Encoding.UTF8.GetString(_data, start, end - start);
            }

            private int Check(ulong offset, int length)
            {
                RequireRange(offset, (ulong)length, "a field");
                return (int)offset;
            }
        }

        private sealed class ElfFormatException : Exception
        {
            public ElfFormatException(string message)
                : base(message)
            {
            }
        }
    }

    /// <summary>Result of analysing an image; see <see cref="LibStdCxxAnchorFix.Analyze"/>.</summary>
    public sealed class ElfFixPlan
    {
        internal ElfFixPlan(ElfFixVerdict verdict, string reason, IReadOnlyList<int> flagOffsets, IReadOnlyList<string> blockingSymbols)
        {
            Verdict = verdict;
            Reason = reason;
            FlagOffsets = flagOffsets;
            BlockingSymbols = blockingSymbols;
        }

        /// <summary>What should happen.</summary>
        public ElfFixVerdict Verdict { get; }

        /// <summary>Human-readable explanation.</summary>
        public string Reason { get; }

        /// <summary>File offsets of the vna_flags fields to mark weak (only for <see cref="ElfFixVerdict.NeedsPatch"/>).</summary>
        public IReadOnlyList<int> FlagOffsets { get; }

        /// <summary>Symbols that need the version for real (only for <see cref="ElfFixVerdict.Refused"/>).</summary>
        public IReadOnlyList<string> BlockingSymbols { get; }
    }

    /// <summary>Result of <see cref="LibStdCxxAnchorFix.FixFile"/>.</summary>
    public sealed class LibTorchSharpFixResult
    {
        internal LibTorchSharpFixResult(string path, LibTorchSharpFixStatus status, string reason, IReadOnlyList<string> blockingSymbols)
        {
            Path = path;
            Status = status;
            Reason = reason;
            BlockingSymbols = blockingSymbols;
        }

        /// <summary>The file that was examined.</summary>
        public string Path { get; }

        /// <summary>What happened.</summary>
        public LibTorchSharpFixStatus Status { get; }

        /// <summary>Human-readable explanation.</summary>
        public string Reason { get; }

        /// <summary>Symbols that need the version for real (only for <see cref="LibTorchSharpFixStatus.Refused"/>).</summary>
        public IReadOnlyList<string> BlockingSymbols { get; }
    }

    /// <summary>
    /// Marks the <c>GLIBCXX_3.4.32</c> need of <c>libstdc++.so.6</c> weak when only the GCC 13 link-time anchor
    /// <c>_ZSt21ios_base_library_initv</c> is bound to it. Pure logic plus a safe file replacement; no MSBuild types.
    /// </summary>
    public static class LibStdCxxAnchorFix
    {
        /// <summary>The needed library whose version is weakened.</summary>
        public const string LibraryName = "libstdc++.so.6";

        /// <summary>The version that old libstdc++ builds lack.</summary>
        public const string VersionName = "GLIBCXX_3.4.32";

        /// <summary>The only symbol allowed to be bound to <see cref="VersionName"/>.</summary>
        public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

        /// <summary>VER_FLG_WEAK.</summary>
        public const ushort VerFlagWeak = 0x2;

        private static readonly string[] NoSymbols = new string[0];

        /// <summary>Decides what to do with <paramref name="image"/> without changing it. Never throws.</summary>
        public static ElfFixPlan Analyze(byte[]? image)
        {
            ElfDynamicVersionInfo info = ElfDynamicVersionInfo.Parse(image);
            if (info.Error != null)
            {
                return Plan(ElfFixVerdict.Unsupported, info.Error);
            }

            var targets = new List<ElfVersionNeedAux>();
            foreach (ElfVersionNeed need in info.Needs)
            {
                if (need.File != LibraryName)
                {
                    continue;
                }

                foreach (ElfVersionNeedAux aux in need.Versions)
                {
                    if (aux.Name == VersionName)
                    {
                        targets.Add(aux);
                    }
                }
            }

            if (targets.Count == 0)
            {
                return Plan(ElfFixVerdict.VersionNotNeeded, "does not require " + VersionName + " from " + LibraryName);
            }

            var pending = new List<int>();
            var indices = new HashSet<ushort>();
            foreach (ElfVersionNeedAux aux in targets)
            {
                indices.Add(aux.Index);
                if (!aux.IsWeak)
                {
                    pending.Add(aux.FlagsOffset);
                }
            }

            if (pending.Count == 0)
            {
                return Plan(ElfFixVerdict.AlreadyWeak, VersionName + " is already marked weak");
            }

            var blocking = new List<string>();
            foreach (ElfDynamicSymbol symbol in info.Symbols)
            {
                if (!indices.Contains(symbol.VersionIndex))
                {
                    continue;
                }

                bool isAnchor = symbol.Name == AnchorSymbol && symbol.IsUndefined && !symbol.IsRelocated;
                if (!isAnchor)
                {
                    blocking.Add(symbol.IsRelocated && symbol.Name == AnchorSymbol ? symbol.Name + " (relocated)" : symbol.Name);
                }
            }

            if (blocking.Count > 0)
            {
                return new ElfFixPlan(
                    ElfFixVerdict.Refused,
                    "symbols other than the link-time anchor " + AnchorSymbol + " need " + VersionName + ": " + string.Join(", ", blocking),
                    new int[0],
                    blocking);
            }

            return new ElfFixPlan(
                ElfFixVerdict.NeedsPatch,
                VersionName + " is needed only by the link-time anchor " + AnchorSymbol,
                pending,
                NoSymbols);
        }

        /// <summary>
        /// Analyses <paramref name="image"/> and, when the verdict is <see cref="ElfFixVerdict.NeedsPatch"/>, sets
        /// VER_FLG_WEAK in place in the array. Never throws.
        /// </summary>
        public static ElfFixPlan ApplyInMemory(byte[]? image)
        {
            ElfFixPlan plan = Analyze(image);
            if (plan.Verdict == ElfFixVerdict.NeedsPatch && image != null)
            {
                foreach (int offset in plan.FlagOffsets)
                {
                    ushort flags = (ushort)(image[offset] | (image[offset + 1] << 8));
                    flags |= VerFlagWeak;
                    image[offset] = (byte)flags;
                    image[offset + 1] = (byte)(flags >> 8);
                }
            }

            return plan;
        }

        /// <summary>
        /// Applies the fix to the file at <paramref name="path"/>. The file is never modified in place: the patched
        /// bytes go to a temporary file in the same folder, which is then renamed over the original (so a hard link
        /// into the NuGet cache is broken, not written through), and the original last-write time is restored so
        /// that MSBuild's incremental copy keeps treating it as up to date. Never throws.
        /// </summary>
        /// <param name="path">The libLibTorchSharp.so to fix.</param>
        /// <param name="mode">Auto, Always or Never.</param>
        /// <param name="systemProvidesVersion">
        /// Consulted in <see cref="LibTorchSharpFixMode.Auto"/> only: true when the machine's libstdc++ has
        /// GLIBCXX_3.4.32, false when it lacks it, null when that cannot be determined (the file is then patched,
        /// which is harmless: a weak need only matters when the version is missing).
        /// </param>
        public static LibTorchSharpFixResult FixFile(string path, LibTorchSharpFixMode mode, Func<bool?> systemProvidesVersion)
        {
            try
            {
                return FixFileCore(path, mode, systemProvidesVersion);
            }
            catch (Exception ex)
            {
                return Result(path, LibTorchSharpFixStatus.Failed, "unexpected " + ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static LibTorchSharpFixResult FixFileCore(string path, LibTorchSharpFixMode mode, Func<bool?> systemProvidesVersion)
        {
            if (mode == LibTorchSharpFixMode.Never)
            {
                return Result(path, LibTorchSharpFixStatus.Disabled, "ModelGenLibTorchSharpFix is 'never'");
            }

            string unknownNote = string.Empty;
            if (mode == LibTorchSharpFixMode.Auto)
            {
                bool? provides = systemProvidesVersion();
                if (provides == true)
                {
                    return Result(path, LibTorchSharpFixStatus.SystemProvidesVersion,
                        "this machine's " + LibraryName + " provides " + VersionName + "; nothing to do");
                }

                if (provides == null)
                {
                    unknownNote = " (could not query this machine's " + LibraryName + "; patched to be safe)";
                }
            }

            byte[] image;
            DateTime lastWriteUtc;
            try
            {
                image = File.ReadAllBytes(path);
                lastWriteUtc = File.GetLastWriteTimeUtc(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return Result(path, LibTorchSharpFixStatus.Failed, "cannot read the file: " + ex.Message);
            }

            ElfFixPlan plan = ApplyInMemory(image);
            switch (plan.Verdict)
            {
                case ElfFixVerdict.NeedsPatch:
                    break;
                case ElfFixVerdict.AlreadyWeak:
                    return Result(path, LibTorchSharpFixStatus.AlreadyWeak, plan.Reason);
                case ElfFixVerdict.VersionNotNeeded:
                    return Result(path, LibTorchSharpFixStatus.VersionNotNeeded, plan.Reason);
                case ElfFixVerdict.Refused:
                    return new LibTorchSharpFixResult(path, LibTorchSharpFixStatus.Refused, plan.Reason, plan.BlockingSymbols);
                default:
                    return Result(path, LibTorchSharpFixStatus.Unsupported, plan.Reason);
            }

            string? failure = ReplaceFile(path, image, lastWriteUtc);
            return failure == null
                ? Result(path, LibTorchSharpFixStatus.Patched, "marked " + VersionName + " weak" + unknownNote)
                : Result(path, LibTorchSharpFixStatus.Failed, failure);
        }

        /// <summary>Writes <paramref name="contents"/> to a sibling temporary file and renames it over <paramref name="path"/>.</summary>
        private static string? ReplaceFile(string path, byte[] contents, DateTime lastWriteUtc)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + ".modelgen-" + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                // Copying first gives the temporary file the original's permission bits; the content is then
                // overwritten completely with the bytes that were analysed and patched.
                File.Copy(fullPath, temp, overwrite: false);
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.Write(contents, 0, contents.Length);
                    stream.SetLength(contents.Length);
                    stream.Flush(flushToDisk: true);
                }

                // File.Replace is a rename(2) on Unix: atomic, and it replaces the directory entry instead of writing
                // through it, so a hard link (e.g. into the NuGet cache) keeps its old content.
                File.Replace(temp, fullPath, destinationBackupFileName: null);
                File.SetLastWriteTimeUtc(fullPath, lastWriteUtc);
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is PlatformNotSupportedException)
            {
                return "cannot replace the file: " + ex.Message;
            }
            finally
            {
                try
                {
                    if (File.Exists(temp))
                    {
                        File.Delete(temp);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Best effort; the original file is intact either way.
                }
            }
        }

        private static ElfFixPlan Plan(ElfFixVerdict verdict, string reason) =>
            new ElfFixPlan(verdict, reason, new int[0], NoSymbols);

        private static LibTorchSharpFixResult Result(string path, LibTorchSharpFixStatus status, string reason) =>
            new LibTorchSharpFixResult(path, status, reason, NoSymbols);
    }

    /// <summary>Asks the dynamic loader whether a library provides a symbol at a given version.</summary>
    public static class DynamicLoaderProbe
    {
        private const int RtldNow = 2;

        /// <summary>
        /// True when <c>dlvsym(dlopen(library), symbol, version)</c> resolves, false when the library loads but the
        /// versioned symbol does not, null when the question cannot be answered (not glibc, library missing, ...).
        /// Never throws.
        /// </summary>
        public static bool? ProvidesVersionedSymbol(string library, string symbol, string version)
        {
            // glibc >= 2.34 exports the dl* functions from libc.so.6; older glibc only from libdl.so.2.
            bool? answer = Query(Libc.Instance, library, symbol, version);
            return answer ?? Query(Libdl.Instance, library, symbol, version);
        }

        /// <summary>Whether this machine's libstdc++ has the GLIBCXX_3.4.32 anchor (i.e. the fix is not needed).</summary>
        public static bool? SystemProvidesGlibcxx3432() =>
            ProvidesVersionedSymbol(LibStdCxxAnchorFix.LibraryName, LibStdCxxAnchorFix.AnchorSymbol, LibStdCxxAnchorFix.VersionName);

        private static bool? Query(IDl dl, string library, string symbol, string version)
        {
            try
            {
                IntPtr handle = dl.Open(CString(library), RtldNow);
                if (handle == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    return dl.VersionedSymbol(handle, CString(symbol), CString(version)) != IntPtr.Zero;
                }
                finally
                {
                    dl.Close(handle);
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                return null;
            }
        }

        private static byte[] CString(string value)
        {
            byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
            Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        private interface IDl
        {
            IntPtr Open(byte[] file, int mode);

            IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version);

            void Close(IntPtr handle);
        }

        private sealed class Libc : IDl
        {
            public static readonly Libc Instance = new Libc();

            public IntPtr Open(byte[] file, int mode) => dlopen(file, mode);

            public IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version) => dlvsym(handle, symbol, version);

            public void Close(IntPtr handle) => dlclose(handle);

            [DllImport("libc.so.6")]
            private static extern IntPtr dlopen(byte[] file, int mode);

            [DllImport("libc.so.6")]
            private static extern IntPtr dlvsym(IntPtr handle, byte[] symbol, byte[] version);

            [DllImport("libc.so.6")]
            private static extern int dlclose(IntPtr handle);
        }

        private sealed class Libdl : IDl
        {
            public static readonly Libdl Instance = new Libdl();

            public IntPtr Open(byte[] file, int mode) => dlopen(file, mode);

            public IntPtr VersionedSymbol(IntPtr handle, byte[] symbol, byte[] version) => dlvsym(handle, symbol, version);

            public void Close(IntPtr handle) => dlclose(handle);

            [DllImport("libdl.so.2")]
            private static extern IntPtr dlopen(byte[] file, int mode);

            [DllImport("libdl.so.2")]
            private static extern IntPtr dlvsym(IntPtr handle, byte[] symbol, byte[] version);

            [DllImport("libdl.so.2")]
            private static extern int dlclose(IntPtr handle);
        }
    }

    /// <summary>
    /// MSBuild task behind ModelGen.targets: applies <see cref="LibStdCxxAnchorFix"/> to each of <see cref="Files"/>.
    /// RoslynCodeTaskFactory infers the parameters from the public properties.
    /// </summary>
    public sealed class ModelGenFixLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        /// <summary>Code of the warning emitted when the library needs a newer libstdc++ for real.</summary>
        public const string RefusedWarningCode = "MGB001";

        /// <summary>Code of the error emitted for an invalid ModelGenLibTorchSharpFix value.</summary>
        public const string InvalidModeErrorCode = "MGB002";

        /// <summary>Code of the warning emitted when the file could not be read or replaced.</summary>
        public const string FailedWarningCode = "MGB003";

        private static readonly Lazy<bool?> MachineProvidesVersion = new Lazy<bool?>(DynamicLoaderProbe.SystemProvidesGlibcxx3432);

        /// <summary>The libLibTorchSharp.so files to examine.</summary>
        public ITaskItem[] Files { get; set; } = new ITaskItem[0];

        /// <summary>auto, always or never (case-insensitive; empty means auto).</summary>
        public string Mode { get; set; } = "auto";

        /// <summary>Test hook: replaces the dynamic-loader query.</summary>
        internal Func<bool?>? SystemProvidesVersionOverride { get; set; }

        /// <inheritdoc />
        public override bool Execute()
        {
            LibTorchSharpFixMode mode;
            switch ((Mode ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "":
                case "auto":
                    mode = LibTorchSharpFixMode.Auto;
                    break;
                case "always":
                    mode = LibTorchSharpFixMode.Always;
                    break;
                case "never":
                    mode = LibTorchSharpFixMode.Never;
                    break;
                default:
                    Log.LogError(null, InvalidModeErrorCode, null, null, 0, 0, 0, 0,
                        "ModelGen: ModelGenLibTorchSharpFix must be 'auto', 'always' or 'never', not '{0}'.", Mode);
                    return false;
            }

            Func<bool?> probe = SystemProvidesVersionOverride ?? (() => MachineProvidesVersion.Value);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ITaskItem item in Files ?? new ITaskItem[0])
            {
                string path = item.GetMetadata("FullPath");
                if (string.IsNullOrEmpty(path))
                {
                    path = item.ItemSpec;
                }

                if (!seen.Add(path))
                {
                    continue;
                }

                Report(LibStdCxxAnchorFix.FixFile(path, mode, probe));
            }

            return !Log.HasLoggedErrors;
        }

        private void Report(LibTorchSharpFixResult result)
        {
            switch (result.Status)
            {
                case LibTorchSharpFixStatus.Patched:
                    Log.LogMessage(MessageImportance.Normal,
                        "ModelGen: marked {0} weak in {1} (Debian 12 libstdc++ lacks it; see README 'TorchSharp on Debian 12')",
                        LibStdCxxAnchorFix.VersionName, result.Path);
                    if (result.Reason.IndexOf("could not query", StringComparison.Ordinal) >= 0)
                    {
                        Log.LogMessage(MessageImportance.Low, "ModelGen: {0}: {1}", result.Path, result.Reason);
                    }

                    break;
                case LibTorchSharpFixStatus.Refused:
                    Log.LogWarning(null, RefusedWarningCode, null, result.Path, 0, 0, 0, 0,
                        "ModelGen: {0} needs {1} from {2} for more than the GCC 13 link-time anchor ({3}), so it cannot be "
                        + "made to load by marking the version weak. Run it on a system whose libstdc++ comes from GCC 13 or "
                        + "newer (or set ModelGenLibTorchSharpFix=never to silence this). See README 'TorchSharp on Debian 12'.",
                        result.Path, LibStdCxxAnchorFix.VersionName, LibStdCxxAnchorFix.LibraryName, string.Join(", ", result.BlockingSymbols));
                    break;
                case LibTorchSharpFixStatus.Failed:
                    Log.LogWarning(null, FailedWarningCode, null, result.Path, 0, 0, 0, 0,
                        "ModelGen: could not apply the libstdc++ compatibility fix to {0}: {1}. See README 'TorchSharp on Debian 12'.",
                        result.Path, result.Reason);
                    break;
                default:
                    Log.LogMessage(MessageImportance.Low, "ModelGen: {0} left unchanged: {1}", result.Path, result.Reason);
                    break;
            }
        }
    }
}
#endif
