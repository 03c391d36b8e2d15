using System.Buffers.Binary;
using System.Text;

namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>
/// Writes a minimal (non-loadable) ELF64 little-endian x86-64 shared object holding just what the fix inspects:
/// .dynstr, .dynsym, .gnu.version, .gnu.version_r, .rela.dyn and .shstrtab.
/// </summary>
internal sealed class SyntheticElf
{
    public const ushort Weak = 0x2;

    private readonly List<(string File, (string Name, ushort Flags, ushort Index)[] Versions)> _needs = [];
    private readonly List<(string Name, ushort Version, bool Undefined)> _symbols = [];
    private readonly List<int> _relocatedSymbols = [];

    public SyntheticElf Need(string file, params (string Name, ushort Flags, ushort Index)[] versions)
    {
        _needs.Add((file, versions));
        return this;
    }

    /// <summary>Adds a dynamic symbol; returns this. Its .dynsym index is its position + 1 (index 0 is the null symbol).</summary>
    public SyntheticElf Symbol(string name, ushort version, bool undefined = true)
    {
        _symbols.Add((name, version, undefined));
        return this;
    }

    /// <summary>Adds an R_X86_64_JUMP_SLOT relocation against the symbol with the given name.</summary>
    public SyntheticElf Relocate(string name)
    {
        _relocatedSymbols.Add(_symbols.FindIndex(symbol => symbol.Name == name) + 1);
        return this;
    }

    /// <summary>The usual libstdc++ need of a GCC 13 build, with GLIBCXX_3.4.32 at version index 5.</summary>
    public static SyntheticElf Gcc13Like(ushort glibcxx3432Flags = 0) => new SyntheticElf()
        .Need("libc.so.6", ("GLIBC_2.2.5", 0, 2))
        .Need("libstdc++.so.6", ("GLIBCXX_3.4", 0, 3), ("GLIBCXX_3.4.30", 0, 4), ("GLIBCXX_3.4.32", glibcxx3432Flags, 5))
        .Symbol("malloc", 2)
        .Symbol("_ZNSt8ios_base4InitC1Ev", 3)
        .Symbol("_ZSt21ios_base_library_initv", 5)
        .Symbol("ExportedFunction", 1, undefined: false)
        .Relocate("malloc")
        .Relocate("_ZNSt8ios_base4InitC1Ev");

    public byte[] Build()
    {
        var dynstr = new StringTable();
        var dynsym = new List<byte>(new byte[24]);
        var versym = new List<byte>(new byte[2]);
        foreach ((var name, var version, var undefined) in _symbols)
        {
            var entry = new byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(0), dynstr.Add(name));
            entry[4] = 0x12; // STB_GLOBAL, STT_FUNC
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), undefined ? (ushort)0 : (ushort)1);
            dynsym.AddRange(entry);
            var versionEntry = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(versionEntry, version);
            versym.AddRange(versionEntry);
        }

        var verneed = new List<byte>();
        for (var i = 0; i < _needs.Count; i++)
        {
            (var file, var versions) = _needs[i];
            var header = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), (ushort)versions.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), dynstr.Add(file));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 16);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), i == _needs.Count - 1 ? 0u : (uint)(16 + 16 * versions.Length));
            verneed.AddRange(header);
            for (var j = 0; j < versions.Length; j++)
            {
                var aux = new byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(0), ElfHash(versions[j].Name));
                BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(4), versions[j].Flags);
                BinaryPrimitives.WriteUInt16LittleEndian(aux.AsSpan(6), versions[j].Index);
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(8), dynstr.Add(versions[j].Name));
                BinaryPrimitives.WriteUInt32LittleEndian(aux.AsSpan(12), j == versions.Length - 1 ? 0u : 16u);
                verneed.AddRange(aux);
            }
        }

        var rela = new List<byte>();
        foreach (var symbolIndex in _relocatedSymbols)
        {
            var entry = new byte[24];
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), ((ulong)symbolIndex << 32) | 7);
            rela.AddRange(entry);
        }

        // Section layout: 0 null, 1 .dynstr, 2 .dynsym, 3 .gnu.version, 4 .rela.dyn, 5 .shstrtab, [6 .gnu.version_r].
        var shstrtab = new StringTable();
        var sections = new List<(uint Name, uint Type, byte[] Data, uint Link, uint Info, ulong EntrySize)>
        {
            (0, 0, [], 0, 0, 0),
            (shstrtab.Add(".dynstr"), 3, dynstr.ToArray(), 0, 0, 0),
            (shstrtab.Add(".dynsym"), 11, dynsym.ToArray(), 1, 1, 24),
            (shstrtab.Add(".gnu.version"), 0x6fffffff, versym.ToArray(), 2, 0, 2),
            (shstrtab.Add(".rela.dyn"), 4, rela.ToArray(), 2, 0, 24),
        };
        var verneedName = shstrtab.Add(".gnu.version_r");
        sections.Add((shstrtab.Add(".shstrtab"), 3, shstrtab.ToArray(), 0, 0, 0));
        if (_needs.Count > 0)
        {
            sections.Add((verneedName, 0x6ffffffe, verneed.ToArray(), 1, (uint)_needs.Count, 0));
        }

        var image = new List<byte>(new byte[64]);
        var offsets = new List<ulong>();
        foreach (var section in sections)
        {
            while (image.Count % 8 != 0)
            {
                image.Add(0);
            }

            offsets.Add(section.Data.Length == 0 ? 0UL : (ulong)image.Count);
            image.AddRange(section.Data);
        }

        while (image.Count % 8 != 0)
        {
            image.Add(0);
        }

        var sectionHeaderOffset = (ulong)image.Count;
        for (var i = 0; i < sections.Count; i++)
        {
            var header = new byte[64];
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), sections[i].Name);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), sections[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), (ulong)sections[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), sections[i].Link);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(44), sections[i].Info);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(48), 8);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), sections[i].EntrySize);
            image.AddRange(header);
        }

        var result = image.ToArray();
        Span<byte> elf = result;
        elf[0] = 0x7f;
        elf[1] = (byte)'E';
        elf[2] = (byte)'L';
        elf[3] = (byte)'F';
        elf[4] = 2; // ELFCLASS64
        elf[5] = 1; // ELFDATA2LSB
        elf[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(elf[16..], 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(elf[18..], 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(elf[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(elf[40..], sectionHeaderOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[58..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[60..], (ushort)sections.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(elf[62..], 5);
        return result;
    }

    /// <summary>The SysV ELF hash used for vna_hash.</summary>
    private static uint ElfHash(string name)
    {
        uint hash = 0;
        foreach (var b in Encoding.ASCII.GetBytes(name))
        {
            hash = (hash << 4) + b;
            var high = hash & 0xf0000000;
            if (high != 0)
            {
                hash ^= high >> 24;
            }

            hash &= ~high;
        }

        return hash;
    }

    private sealed class StringTable
    {
        private readonly List<byte> _bytes = [0];
        private readonly Dictionary<string, uint> _offsets = [];

        public uint Add(string value)
        {
            if (!_offsets.TryGetValue(value, out var offset))
            {
                offset = (uint)_bytes.Count;
                _bytes.AddRange(Encoding.ASCII.GetBytes(value));
                _bytes.Add(0);
                _offsets[value] = offset;
            }

            return offset;
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
