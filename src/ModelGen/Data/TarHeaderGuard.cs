using System.Globalization;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// Passes a tar stream through to a <see cref="System.Formats.Tar.TarReader"/> while reading every 512-byte entry
/// header in it first, and stops an archive whose metadata entries (GNU long names and links, PAX extended headers)
/// announce more than <see cref="MaxMetadataBytes"/>.
/// </summary>
/// <remarks>
/// <para>Why: TarReader reads a metadata entry whole into memory as soon as it meets its header, allocating what the
/// header announces; an archive of 1.8 MB (gzip shrinks the repeated bytes that follow a thousandfold) announcing a
/// 2 GB long name took 2 GB before anything could look at the entry. Real names and attributes take a few hundred
/// bytes.</para>
/// <para>How: the headers are checked as the bytes pass, before they are handed on, so nothing of an oversized entry is
/// allocated, the archive is decompressed once (a separate first pass would cost another full gunzip, 1.5 s for
/// CIFAR-10), and TarReader's own reading is unchanged. The guard follows the tar layout (header, data rounded up to
/// 512 bytes, next header) including PAX <c>size</c> records, which change the size of the entry after them, and
/// stops checking at the archive's end (a block of zeros).</para>
/// </remarks>
internal sealed class TarHeaderGuard : Stream
{
    /// <summary>The most bytes a metadata entry may announce. PAX and GNU tar write a few hundred for the longest paths.</summary>
    public const int MaxMetadataBytes = 64 * 1024;

    private const int BlockSize = 512;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int TypeOffset = 156;

    private readonly Stream _inner;
    private readonly string _archive;
    private readonly string _advice;
    private readonly byte[] _header = new byte[BlockSize];
    private int _headerFill;
    private long _dataLeft;
    private MemoryStream? _paxRecords;
    private long _paxLeft;
    private long? _nextEntrySize;
    private bool _ended;

    public TarHeaderGuard(Stream inner, string archive, string advice)
    {
        _inner = inner;
        _archive = archive;
        _advice = advice;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The tar layout over the bytes about to be handed on: each header is checked once it is complete.</summary>
    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0 && !_ended)
        {
            if (_dataLeft > 0)
            {
                var skipped = (int)Math.Min(_dataLeft, bytes.Length);
                CapturePax(bytes[..skipped]);
                _dataLeft -= skipped;
                bytes = bytes[skipped..];
                continue;
            }

            var taken = Math.Min(BlockSize - _headerFill, bytes.Length);
            bytes[..taken].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += taken;
            bytes = bytes[taken..];
            if (_headerFill == BlockSize)
            {
                _headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        if (_header.All(b => b == 0))
        {
            _ended = true;
            return;
        }

        var type = (char)_header[TypeOffset];
        var size = ParseSize(_header.AsSpan(SizeOffset, SizeLength));
        var metadata = type switch
        {
            'L' => "a GNU long file name",
            'K' => "a GNU long link name",
            'x' or 'X' => "a PAX extended header",
            'g' => "a PAX global header",
            _ => null,
        };
        if (metadata is not null && size > MaxMetadataBytes)
        {
            throw new DatasetException(string.Create(
                CultureInfo.InvariantCulture,
                $"{_archive} has a tar entry ({metadata}) that announces {size:N0} bytes; such entries hold a name or a few attributes, and more than {MaxMetadataBytes / 1024} KB means the archive is damaged or made to exhaust memory. It was not read further. The file is not CIFAR-10's: {_advice}"));
        }

        if (metadata is null)
        {
            // A PAX size record applies to the one entry after its header.
            size = _nextEntrySize ?? size;
            _nextEntrySize = null;
        }

        _paxRecords = type is 'x' or 'X' ? new MemoryStream((int)size) : null;
        _paxLeft = _paxRecords is null ? 0 : size;
        _dataLeft = (size + BlockSize - 1) / BlockSize * BlockSize;
        if (_paxRecords is not null && size == 0)
        {
            _paxRecords = null;
        }
    }

    private void CapturePax(ReadOnlySpan<byte> bytes)
    {
        if (_paxRecords is null)
        {
            return;
        }

        var kept = (int)Math.Min(_paxLeft, bytes.Length);
        _paxRecords.Write(bytes[..kept]);
        _paxLeft -= kept;
        if (_paxLeft == 0)
        {
            _nextEntrySize = PaxSize(Encoding.UTF8.GetString(_paxRecords.GetBuffer(), 0, (int)_paxRecords.Length)) ?? _nextEntrySize;
            _paxRecords = null;
        }
    }

    /// <summary>The <c>size</c> record of PAX extended attributes (<c>"&lt;length&gt; size=&lt;bytes&gt;\n"</c>), if any.</summary>
    private static long? PaxSize(string records)
    {
        foreach (var record in records.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && record[(space + 1)..].StartsWith("size=", StringComparison.Ordinal) &&
                long.TryParse(record[(space + 1 + "size=".Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
        }

        return null;
    }

    /// <summary>The size field: octal digits, or GNU's base-256 (first byte 0x80) for sizes of 8 GB and more.</summary>
    private long ParseSize(ReadOnlySpan<byte> field)
    {
        long size = 0;
        if ((field[0] & 0x80) != 0)
        {
            if (field[0] != 0x80 || field[1..4].ContainsAnyExcept((byte)0))
            {
                throw Damaged("a size field that is negative or beyond 2^63 bytes");
            }

            foreach (var b in field[4..])
            {
                size = (size << 8) | b;
            }

            return size;
        }

        var digits = field.Trim((byte)' ').TrimEnd((byte)0).TrimEnd((byte)' ');
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'7' || size > long.MaxValue >> 3)
            {
                throw Damaged("a size field that is not an octal number");
            }

            size = (size << 3) + (b - '0');
        }

        return size;
    }

    private DatasetException Damaged(string problem) =>
        new($"{_archive} is damaged or not a tar.gz archive: an entry header has {problem}. The archive is corrupt or incomplete: {_advice}");
}
