using System.IO.Compression;
using System.Text;

namespace ModelGen.Data.Tests;

/// <summary>Archives whose metadata entries announce gigabytes: refused from the header, before anything is allocated.</summary>
public class TarHeaderTests
{
    private static Cifar10Dataset Load(string path) =>
        Cifar10Reader.Read(path, new Cifar10ReadOptions { RecordsPerBatch = TinyCifar.Records, Origin = Cifar10Origin.DataOption });

    [Theory]
    [InlineData('L', "a GNU long file name", "17777777777", "2,147,483,647")]
    [InlineData('K', "a GNU long link name", "10000000000", "1,073,741,824")]
    [InlineData('x', "a PAX extended header", "10000000000", "1,073,741,824")]
    [InlineData('g', "a PAX global header", "00000200001", "65,537")]
    public void An_oversized_metadata_entry_is_refused_before_it_is_read(char type, string kind, string octalSize, string bytes)
    {
        using var temp = new TempFolder();
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, Hostile(type, octalSize));
        Assert.True(new FileInfo(archive).Length < 64 * 1024, "the archive is small");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetException>(() => Load(archive).Dispose());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.StartsWith($"{archive} has a tar entry ({kind}) that announces {bytes} bytes; such entries hold a name or a few attributes", error.Message);
        Assert.True(allocated < 32L << 20, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void A_size_field_that_is_not_a_number_is_refused_as_damaged()
    {
        using var temp = new TempFolder();
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, Hostile('L', "9zzzzzzzzzz"));

        var error = Assert.Throws<DatasetException>(() => Load(archive).Dispose());

        Assert.StartsWith($"{archive} is damaged or not a tar.gz archive: an entry header has a size field that is not an octal number.", error.Message);
    }

    /// <summary>A valid header of <paramref name="type"/> announcing <paramref name="octalSize"/> bytes, then 4 MB of zeros (gzip: a few KB).</summary>
    private static byte[] Hostile(char type, string octalSize)
    {
        var header = new byte[512];
        void Put(int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        Put(0, "././@LongLink");
        Put(100, "0000644");
        Put(108, "0000000");
        Put(116, "0000000");
        Put(124, octalSize);
        Put(136, "00000000000");
        header[156] = (byte)type;
        Put(257, "ustar\0");
        Put(263, "00");
        Put(148, "        ");
        Put(148, Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ");

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(header);
            gzip.Write(new byte[4 << 20]);
        }

        return output.ToArray();
    }
}
