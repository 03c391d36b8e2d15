using System.IO.Compression;

namespace ModelGen.Data.Tests;

/// <summary>Reading the binary version from folders and archives the tests write themselves (20 records per batch).</summary>
public partial class LocalLoaderTests
{
    private static Cifar10Dataset Load(string path, int? limit = null) =>
        Cifar10Reader.Read(path, new Cifar10ReadOptions { RecordsPerBatch = TinyCifar.Records, Limit = limit, Origin = Cifar10Origin.DataOption });

    private static DatasetException LoadFails(string path) => Assert.Throws<DatasetException>(() => Load(path).Dispose());

    /// <summary>Writes the files both as a folder and as an archive, and loads each, expecting both to fail.</summary>
    private static (string Folder, DatasetException FromFolder, string Archive, DatasetException FromArchive) LoadFailsAsFolderAndArchive(
        TempFolder temp, Dictionary<string, byte[]> files)
    {
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], files);
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, TinyCifar.Archive(files));
        return (folder, LoadFails(folder), archive, LoadFails(archive));
    }

    /// <summary>Every pixel, label and name of a tiny data set matches what <see cref="TinyCifar"/> wrote.</summary>
    private static void AssertTinyData(Cifar10Dataset data, int trainCount = TinyCifar.TrainCount, bool officialNames = false)
    {
        Assert.Equal(new long[] { trainCount, 3, 32, 32 }, data.Train.Images.shape);
        Assert.Equal(new long[] { trainCount }, data.Train.Labels.shape);
        Assert.Equal(new long[] { TinyCifar.Records, 3, 32, 32 }, data.Test.Images.shape);
        Assert.Equal(new long[] { TinyCifar.Records }, data.Test.Labels.shape);
        Assert.Equal(ScalarType.Byte, data.Train.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Train.Labels.dtype);
        Assert.Equal(officialNames ? Cifar10Dataset.OfficialClassNames : TinyCifar.ClassNames, data.ClassNames);

        var expectedTrain = new byte[trainCount * 3072];
        for (var i = 0; i < trainCount; i++)
        {
            for (var p = 0; p < 3072; p++)
            {
                expectedTrain[i * 3072 + p] = TinyCifar.Pixel(false, i, p);
            }
        }

        Assert.Equal(expectedTrain, data.Train.Images.bytes.ToArray());
        Assert.Equal(Enumerable.Range(0, trainCount).Select(i => (long)TinyCifar.TrainLabel(i)), data.Train.Labels.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(0, TinyCifar.Records).Select(i => (long)TinyCifar.TestLabel(i)), data.Test.Labels.data<long>().ToArray());
        Assert.Equal(TinyCifar.Pixel(true, 7, 2047), data.Test.Images[7, 1, 31, 31].item<byte>());
        Assert.Equal(200 + 19, data.Test.Images[19, 0, 0, 0].item<byte>());
        Assert.Equal(TinyCifar.TrainLabel(trainCount - 1), data.Train.GetLabel(trainCount - 1));
    }

    [Fact]
    public void Loads_an_extracted_folder()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files());

        using var data = Load(folder);

        AssertTinyData(data);
        Assert.Equal(folder, data.SourcePath);
    }

    [Fact]
    public void Loads_the_parent_of_the_extracted_folder()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files());

        using var data = Load(temp.Path);

        AssertTinyData(data);
        Assert.Equal(folder, data.SourcePath);
    }

    [Fact]
    public void Loads_a_tar_gz_archive_without_extracting_it()
    {
        using var temp = new TempFolder();
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, TinyCifar.Archive(TinyCifar.Files()));

        using var data = Load(archive);

        AssertTinyData(data);
        Assert.Equal(archive, data.SourcePath);
        Assert.Equal([archive], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Loads_a_folder_that_holds_the_archive()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp["cifar-10-binary.tar.gz"], TinyCifar.Archive(TinyCifar.Files()));

        using var data = Load(temp.Path);

        AssertTinyData(data);
    }

    [Fact]
    public void Archive_entries_may_come_in_any_order_and_without_a_folder()
    {
        using var temp = new TempFolder();
        var reversed = TinyCifar.Files().Reverse().ToDictionary();
        var archive = temp["data.tgz"];
        File.WriteAllBytes(archive, TinyCifar.Archive(reversed, prefix: ""));

        using var data = Load(archive);

        AssertTinyData(data);
    }

    [Fact]
    public void Missing_batches_meta_txt_gives_the_official_class_names()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files(withMeta: false));
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, TinyCifar.Archive(TinyCifar.Files(withMeta: false)));

        using var fromFolder = Load(folder);
        using var fromArchive = Load(archive);

        AssertTinyData(fromFolder, officialNames: true);
        AssertTinyData(fromArchive, officialNames: true);
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], fromFolder.ClassNames);
    }

    [Fact]
    public void Class_names_skip_empty_lines_and_white_space()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["batches.meta.txt"] = System.Text.Encoding.UTF8.GetBytes("\n  plane \r\ncar\r\n\r\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck   \n\n\n");

        using var data = Load(TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], files));

        Assert.Equal(TinyCifar.ClassNames, data.ClassNames);
    }

    [Fact]
    public void A_meta_file_without_ten_names_is_rejected()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["batches.meta.txt"] = "cat\ndog\n"u8.ToArray();
        TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], files);

        var error = LoadFails(temp["cifar-10-batches-bin"]);

        Assert.Contains("batches.meta.txt", error.Message);
        Assert.Contains("lists 2 class names", error.Message);
    }

    [Fact]
    public void Limit_keeps_the_first_training_images_and_still_checks_every_file()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files());

        using (var data = Load(folder, limit: 30))
        {
            AssertTinyData(data, trainCount: 30);
        }

        using (var all = Load(folder, limit: 1_000_000))
        {
            Assert.Equal(TinyCifar.TrainCount, all.Train.Count);
        }

        var bad = File.ReadAllBytes(Path.Combine(folder, "data_batch_5.bin"));
        bad[3073 * 4] = 10;
        File.WriteAllBytes(Path.Combine(folder, "data_batch_5.bin"), bad);
        var error = Assert.Throws<DatasetException>(() => Load(folder, limit: 5).Dispose());
        Assert.Contains("data_batch_5.bin", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Cifar10Dataset.Load(folder, limit: 0));
    }

    [Fact]
    public void The_users_files_are_never_modified()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files());
        File.WriteAllBytes(temp["cifar-10-binary.tar.gz"], TinyCifar.Archive(TinyCifar.Files()));
        var broken = TinyCifar.WriteFolder(temp["broken"], TinyCifar.Files());
        File.WriteAllBytes(Path.Combine(broken, "data_batch_5.bin"), new byte[100]);
        var past = new DateTime(2019, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, past);
        }

        var before = Snapshot(temp.Path);

        Load(folder).Dispose();
        Load(temp["cifar-10-binary.tar.gz"]).Dispose();
        Load(temp.Path).Dispose();
        LoadFails(broken);

        Assert.Equal(before, Snapshot(temp.Path));

        static List<string> Snapshot(string root) =>
        [
            .. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(path => File.Exists(path)
                    ? $"{path} {File.GetLastWriteTimeUtc(path):O} {TinyCifar.Md5(File.ReadAllBytes(path))}"
                    : $"{path}/"),
        ];
    }

    [Fact]
    public void Raw_images_come_out_as_hwc_bytes()
    {
        using var temp = new TempFolder();
        using var data = Load(TinyCifar.WriteFolder(temp.Path, TinyCifar.Files()));

        var hwc = data.Train.GetImageHwc(33);

        Assert.Equal(32 * 32 * 3, hwc.Length);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(TinyCifar.Pixel(false, 33, c * 1024 + y * 32 + x), hwc[(y * 32 + x) * 3 + c]);
                }
            }
        }

        Assert.Equal(Enumerable.Repeat(10, 10), data.Train.CountByClass());
        Assert.Equal(Enumerable.Repeat(2, 10), data.Test.CountByClass());
    }

    [Fact]
    public void The_dataset_tensors_outlive_the_callers_dispose_scope()
    {
        using var temp = new TempFolder();
        TinyCifar.WriteFolder(temp.Path, TinyCifar.Files());

        Cifar10Dataset data;
        using (NewDisposeScope())
        {
            data = Load(temp.Path);
        }

        using (data)
        {
            Assert.False(data.Train.Images.IsInvalid);
            Assert.False(data.Test.Labels.IsInvalid);
            Assert.Equal(TinyCifar.TestLabel(0), data.Test.Labels[0].item<long>());
        }

        Assert.True(data.Train.Images.IsInvalid);
    }
}
