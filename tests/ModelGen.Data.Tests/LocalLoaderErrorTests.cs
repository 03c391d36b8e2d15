using System.IO.Compression;

namespace ModelGen.Data.Tests;

/// <summary>Local data that cannot be read: each mistake is named with the file (and the record) and how to fix it.</summary>
public partial class LocalLoaderTests
{
    [Fact]
    public void Truncated_file_is_named_with_its_size_and_the_expected_size()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["data_batch_3.bin"] = files["data_batch_3.bin"][..^1];
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], files);

        var error = LoadFails(folder);

        Assert.Equal(
            $"data_batch_3.bin in {folder} is 61,459 bytes; a CIFAR-10 batch file is exactly 61,460 bytes (20 records " +
            "of 3,073). The file is truncated or not CIFAR-10: re-download or check --data.",
            error.Message);
    }

    [Fact]
    public void Official_sizes_are_enforced_by_the_public_loader()
    {
        // Sparse files: the sizes are checked before anything is read, so nothing big is written.
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(temp["cifar-10-batches-bin"]).FullName;
        foreach (var (name, length) in new[] { ("data_batch_1.bin", 30_730_000L), ("data_batch_2.bin", 30_730_000L), ("data_batch_3.bin", 30_729_999L) })
        {
            using var file = File.Create(Path.Combine(folder, name));
            file.SetLength(length);
        }

        var error = Assert.Throws<DatasetException>(() => Cifar10Dataset.Load(temp.Path));

        Assert.Equal(
            $"data_batch_3.bin in {folder} is 30,729,999 bytes; a CIFAR-10 batch file is exactly 30,730,000 bytes " +
            "(10,000 records of 3,073). The file is truncated or not CIFAR-10: re-download or check the path.",
            error.Message);

        // A tiny, otherwise valid data set is not CIFAR-10 for the public loader.
        using var tiny = new TempFolder();
        TinyCifar.WriteFolder(tiny.Path, TinyCifar.Files());
        var tinyError = Assert.Throws<DatasetException>(() => Cifar10Dataset.Load(tiny.Path));
        Assert.StartsWith("data_batch_1.bin in ", tinyError.Message);
        Assert.Contains("is 61,460 bytes; a CIFAR-10 batch file is exactly 30,730,000 bytes", tinyError.Message);
    }

    [Fact]
    public void Too_long_file_is_rejected()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["test_batch.bin"] = [.. files["test_batch.bin"], 0, 0, 0];
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], files);

        var error = LoadFails(folder);

        Assert.StartsWith($"test_batch.bin in {folder} is 61,463 bytes; a CIFAR-10 batch file is exactly 61,460 bytes", error.Message);
        Assert.Contains("The file is too long or not CIFAR-10", error.Message);
    }

    [Fact]
    public void Wrong_size_inside_an_archive_names_the_entry_and_the_archive()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["data_batch_2.bin"] = files["data_batch_2.bin"][..3073];
        var archive = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(archive, TinyCifar.Archive(files));

        var error = LoadFails(archive);

        Assert.StartsWith($"data_batch_2.bin in {archive} is 3,073 bytes; a CIFAR-10 batch file is exactly 61,460 bytes", error.Message);
    }

    [Fact]
    public void Bad_label_names_the_file_the_record_and_the_label()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files["test_batch.bin"][5 * 3073] = 12;
        var (folder, fromFolder, archive, fromArchive) = LoadFailsAsFolderAndArchive(temp, files);

        Assert.Equal(
            $"test_batch.bin in {folder} has label 12 in record 6 of 20 (byte offset 15,365); CIFAR-10 labels are 0 to 9. " +
            "The file is corrupt or not CIFAR-10: re-download or check --data.",
            fromFolder.Message);
        Assert.StartsWith($"test_batch.bin in {archive} has label 12 in record 6 of 20", fromArchive.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files.Remove("data_batch_4.bin");
        var (folder, fromFolder, archive, fromArchive) = LoadFailsAsFolderAndArchive(temp, files);

        Assert.Equal(
            $"data_batch_4.bin is missing from {folder}; the CIFAR-10 binary version has data_batch_1.bin to data_batch_5.bin " +
            "and test_batch.bin. The folder is incomplete: re-download or check --data.",
            fromFolder.Message);
        Assert.StartsWith($"data_batch_4.bin is missing from the archive {archive}", fromArchive.Message);
    }

    [Fact]
    public void A_file_that_is_not_gzip_is_not_a_tar_gz()
    {
        using var temp = new TempFolder();
        var path = temp["cifar-10-binary.tar.gz"];
        File.WriteAllText(path, "<html>404 Not Found</html>");

        var error = LoadFails(path);

        Assert.StartsWith($"{path} is not a .tar.gz archive (it does not start with the gzip signature).", error.Message);
        Assert.EndsWith("re-download or check --data.", error.Message);
    }

    [Fact]
    public void Gzip_data_that_is_not_a_tar_archive_is_reported()
    {
        using var temp = new TempFolder();
        var path = temp["cifar-10-binary.tar.gz"];
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a tar header. ", 100))));
        }

        var error = LoadFails(path);

        Assert.StartsWith($"{path} is damaged or not a tar.gz archive:", error.Message);
    }

    [Fact]
    public void Truncated_archive_is_reported_with_the_entry_being_read()
    {
        using var temp = new TempFolder();
        var bytes = TinyCifar.Archive(TinyCifar.Files());
        var path = temp["cifar-10-binary.tar.gz"];
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = LoadFails(path);

        Assert.StartsWith(path, error.Message);
        Assert.Matches(@"data_batch_\d\.bin", error.Message);
        Assert.Contains("re-download or check --data.", error.Message);
    }

    [Fact]
    public void A_path_that_does_not_exist_says_so()
    {
        using var temp = new TempFolder();
        var path = temp["nowhere/cifar-10-binary.tar.gz"];

        var error = LoadFails(path);

        Assert.StartsWith($"The --data path {path} does not exist.", error.Message);
    }

    [Fact]
    public void A_folder_without_cifar_data_says_what_it_expected()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp["notes.txt"], "hello");

        var error = LoadFails(temp.Path);

        Assert.StartsWith($"{temp.Path} holds no CIFAR-10 data", error.Message);
    }

    [Fact]
    public void The_python_version_is_recognised()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp["cifar-10-batches-py"]);
        File.WriteAllText(temp["cifar-10-batches-py/data_batch_1"], "pickle");

        var error = LoadFails(temp.Path);
        var nested = LoadFails(temp["cifar-10-batches-py"]);

        Assert.Contains("Python version of CIFAR-10", error.Message);
        Assert.Contains("Python version of CIFAR-10", nested.Message);
    }
}
