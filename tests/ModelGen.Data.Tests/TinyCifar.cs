using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace ModelGen.Data.Tests;

/// <summary>
/// Writes small data sets in the CIFAR-10 binary format (records of 1 label byte + 3,072 pixel bytes, CHW), with
/// <see cref="Records"/> records per batch file instead of 10,000, and values that identify each record.
/// </summary>
internal static class TinyCifar
{
    public const int Records = 20;
    public const int RecordBytes = 3073;
    public const int TrainCount = Records * 5;

    public static readonly string[] BatchNames =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

    public static readonly string[] ClassNames = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The label of training image <paramref name="index"/> (test images: index + 3).</summary>
    public static int TrainLabel(int index) => index % 10;

    public static int TestLabel(int index) => (index + 3) % 10;

    /// <summary>
    /// Pixel byte <paramref name="offset"/> (0-3071, CHW) of an image: the first two red bytes encode the
    /// split and index, the rest is a pattern that differs per channel, row and column.
    /// </summary>
    public static byte Pixel(bool test, int index, int offset) => offset switch
    {
        0 => (byte)(test ? 200 + index % 50 : index % 200),
        1 => (byte)(index / 200),
        _ => (byte)((offset * 7 + index * 13 + (test ? 101 : 0)) % 256),
    };

    public static byte[] Batch(int file, int records = Records)
    {
        var test = file == 5;
        var bytes = new byte[records * RecordBytes];
        for (var r = 0; r < records; r++)
        {
            var index = test ? r : file * records + r;
            bytes[r * RecordBytes] = (byte)(test ? TestLabel(index) : TrainLabel(index));
            for (var p = 0; p < 3072; p++)
            {
                bytes[r * RecordBytes + 1 + p] = Pixel(test, index, p);
            }
        }

        return bytes;
    }

    public static byte[] Meta => System.Text.Encoding.UTF8.GetBytes(string.Join("\n", ClassNames) + "\n\n");

    /// <summary>The files of a valid folder, name to contents.</summary>
    public static Dictionary<string, byte[]> Files(bool withMeta = true)
    {
        var files = new Dictionary<string, byte[]>();
        for (var i = 0; i < 6; i++)
        {
            files[BatchNames[i]] = Batch(i);
        }

        if (withMeta)
        {
            files["batches.meta.txt"] = Meta;
        }

        return files;
    }

    public static string WriteFolder(string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return folder;
    }

    /// <summary>A .tar.gz like the official one: a cifar-10-batches-bin/ directory entry, then the files.</summary>
    public static byte[] Archive(IReadOnlyDictionary<string, byte[]> files, string prefix = "cifar-10-batches-bin/")
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            if (prefix.Length > 0)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, prefix));
            }

            foreach (var (name, bytes) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, prefix + name) { DataStream = new MemoryStream(bytes) });
            }
        }

        return output.ToArray();
    }

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("modelgen-data-").FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
