// The low-level reading under ElfDynamicVersionInfo: section headers and bounds-checked little-endian fields.
using System;
using System.Text;

namespace ModelGen.Build;

/// <summary>The fields of one ELF64 section header that the version reader uses.</summary>
internal sealed class ElfSection
{
    public ElfSection(uint type, ulong offset, ulong size, uint link, uint info, ulong entrySize)
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
internal sealed class LittleEndianReader
{
    private readonly byte[] _data;

    public LittleEndianReader(byte[] data) => _data = data;

    public void RequireRange(ulong offset, ulong length, string what)
    {
        var size = (ulong)_data.Length;
        if (offset > size || size - offset < length)
        {
            throw new ElfFormatException(what + " lies beyond the end of the file (truncated or corrupt)");
        }
    }

    public ushort U16(ulong offset)
    {
        var at = Check(offset, 2);
        return (ushort)(_data[at] | (_data[at + 1] << 8));
    }

    public uint U32(ulong offset)
    {
        var at = Check(offset, 4);
        return _data[at] | ((uint)_data[at + 1] << 8) | ((uint)_data[at + 2] << 16) | ((uint)_data[at + 3] << 24);
    }

    public ulong U64(ulong offset)
    {
        return U32(offset) | ((ulong)U32(offset + 4) << 32);
    }

    public string String(ElfSection table, uint offset)
    {
        if (offset >= table.Size)
        {
            throw new ElfFormatException("string offset " + offset + " lies outside its string table");
        }

        RequireRange(table.Offset, table.Size, "string table");
        var start = (int)(table.Offset + offset);
        var limit = (int)(table.Offset + table.Size);
        var end = Array.IndexOf(_data, (byte)0, start, limit - start);
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

/// <summary>A malformed image; <see cref="ElfDynamicVersionInfo.Parse"/> turns it into <see cref="ElfDynamicVersionInfo.Error"/>.</summary>
internal sealed class ElfFormatException : Exception
{
    public ElfFormatException(string message)
        : base(message)
    {
    }
}
