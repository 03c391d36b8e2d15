using System.Collections.Generic;

namespace ModelGen.Build;

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
