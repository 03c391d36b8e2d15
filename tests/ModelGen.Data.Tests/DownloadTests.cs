using System.Net;

namespace ModelGen.Data.Tests;

/// <summary>The download path, with a fake HTTP handler: success, wrong checksum, no network, HTTP errors.</summary>
public class DownloadTests
{
    private static readonly byte[] Archive = TinyCifar.Archive(TinyCifar.Files());

    /// <summary>A loader whose cache is inside <paramref name="temp"/>, with no environment variables at all.</summary>
    private static Cifar10Loader Loader(TempFolder temp, FakeHandler handler, string? md5 = null, ProgressLog? progress = null) =>
        new(new HttpClient(handler))
        {
            CacheDirectory = temp["cache/modelgen/cifar-10"],
            RecordsPerBatch = TinyCifar.Records,
            GetEnvironmentVariable = _ => null,
            ExpectedArchiveMd5 = md5 ?? Cifar10Loader.OfficialArchiveMd5,
            DownloadProgress = progress,
        };

    [Fact]
    public async Task A_good_download_is_unpacked_into_the_cache_and_used_from_then_on()
    {
        using var temp = new TempFolder();
        var handler = FakeHandler.Serving(Archive);
        var progress = new ProgressLog();
        var loader = Loader(temp, handler, TinyCifar.Md5(Archive), progress);
        Assert.Equal(new Cifar10Location(Cifar10Origin.Download, temp["cache/modelgen/cifar-10"]), loader.Locate());

        using (var data = await loader.LoadAsync())
        {
            Assert.Equal(TinyCifar.TrainCount, data.Train.Count);
            Assert.Equal(TinyCifar.ClassNames, data.ClassNames);
            Assert.Equal(TinyCifar.Pixel(false, 77, 1500), data.Train.Images[77, 1, 14, 28].item<byte>());
        }

        Assert.Equal([new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")], handler.Requests);
        // Only the finished cache folder is left: no partial download, no temporary extraction folder.
        Assert.Equal([temp["cache/modelgen/cifar-10"]], Directory.GetFileSystemEntries(temp["cache/modelgen"]));
        var unpacked = Directory.GetFiles(temp["cache/modelgen/cifar-10/cifar-10-batches-bin"]).Select(Path.GetFileName).Order();
        Assert.Equal(TinyCifar.BatchNames.Append("batches.meta.txt").Order(), unpacked);
        foreach (var (name, bytes) in TinyCifar.Files())
        {
            Assert.Equal(bytes, File.ReadAllBytes(temp[$"cache/modelgen/cifar-10/cifar-10-batches-bin/{name}"]));
        }

        Assert.Equal(new DownloadProgress(0, Archive.Length), progress.Reports[0]);
        Assert.Equal(new DownloadProgress(Archive.Length, Archive.Length), progress.Reports[^1]);
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(pair => pair.First.BytesReceived <= pair.Second.BytesReceived));

        // The second run finds the cache and does not download again.
        Assert.Equal(Cifar10Origin.Cache, loader.Locate().Origin);
        using (var again = await loader.LoadAsync(limit: 10))
        {
            Assert.Equal(10, again.Train.Count);
        }

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_wrong_checksum_is_an_error_and_leaves_no_cache_behind()
    {
        using var temp = new TempFolder();
        var loader = Loader(temp, FakeHandler.Serving(Archive));   // expects the official MD5

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.StartsWith(
            $"The archive downloaded from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz has MD5 {TinyCifar.Md5(Archive)}, " +
            "but the official cifar-10-binary.tar.gz has c32a1d4ab5d03f1284b67883e8d87530: the download was corrupted",
            error.Message);
        Assert.Contains("Nothing was saved to the cache.", error.Message);
        AssertNothingLeftBehind(temp);
    }

    [Fact]
    public async Task No_network_gives_one_paragraph_saying_how_to_pass_the_data()
    {
        using var temp = new TempFolder();
        var loader = Loader(temp, FakeHandler.Offline());

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.Equal(
            "CIFAR-10 could not be downloaded from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (Name or service " +
            "not known), and there is no local copy to use instead: no --data path, no MODELGEN_CIFAR10 variable, nothing " +
            $"in the cache folder {temp["cache/modelgen/cifar-10"]}. If you have the binary version of CIFAR-10, pass it with " +
            "--data path/to/cifar-10-binary.tar.gz (the archive, or the cifar-10-batches-bin folder it unpacks to) or set " +
            "the environment variable MODELGEN_CIFAR10 to that path; otherwise check the internet connection and run again.",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
        AssertNothingLeftBehind(temp);
    }

    [Fact]
    public async Task An_http_error_is_reported_with_its_status()
    {
        using var temp = new TempFolder();
        var loader = Loader(temp, new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.StartsWith("CIFAR-10 could not be downloaded from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (the server answered 404 Not Found)", error.Message);
        AssertNothingLeftBehind(temp);
    }

    [Fact]
    public async Task A_connection_that_ends_early_is_reported()
    {
        using var temp = new TempFolder();
        var handler = new FakeHandler(_ =>
        {
            var content = new ByteArrayContent(Archive[..1000]);
            content.Headers.ContentLength = Archive.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        var loader = Loader(temp, handler, TinyCifar.Md5(Archive));

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.Contains($"(the connection ended after 1,000 of {Archive.Length:N0} bytes)", error.Message);
        AssertNothingLeftBehind(temp);
    }

    [Fact]
    public async Task A_downloaded_archive_without_the_batch_files_does_not_become_the_cache()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files.Remove("test_batch.bin");
        var archive = TinyCifar.Archive(files);
        var loader = Loader(temp, FakeHandler.Serving(archive), TinyCifar.Md5(archive));

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.StartsWith("The archive downloaded from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz is not the CIFAR-10 binary version: test_batch.bin is missing", error.Message);
        AssertNothingLeftBehind(temp);
    }

    [Fact]
    public async Task Nothing_is_downloaded_when_a_path_is_given()
    {
        using var temp = new TempFolder();
        var handler = FakeHandler.Offline();
        var folder = TinyCifar.WriteFolder(temp["data"], TinyCifar.Files());

        using var data = await Loader(temp, handler).LoadAsync(folder);

        Assert.Equal(TinyCifar.TrainCount, data.Train.Count);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_cache_folder_that_cannot_be_created_is_reported()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp["cache"]);
        File.WriteAllText(temp["cache/modelgen"], "a file where the cache's parent folder should be");
        var loader = Loader(temp, FakeHandler.Serving(Archive), TinyCifar.Md5(Archive));

        var error = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());

        Assert.StartsWith($"The CIFAR-10 download could not be saved in the cache folder {temp["cache/modelgen/cifar-10"]} (", error.Message);
        Assert.Contains("--data path/to/cifar-10-binary.tar.gz", error.Message);
    }

    [Fact]
    public async Task Leftovers_of_a_killed_download_are_removed_when_stale()
    {
        using var temp = new TempFolder();
        var modelgen = Directory.CreateDirectory(temp["cache/modelgen"]).FullName;
        var stale = Path.Combine(modelgen, ".cifar-10.0123456789ab.download");
        var staleFolder = Directory.CreateDirectory(Path.Combine(modelgen, ".cifar-10.0123456789ab.tmp")).FullName;
        var recent = Path.Combine(modelgen, ".cifar-10.ba9876543210.download");
        var unrelated = Path.Combine(modelgen, "notes.download");
        foreach (var file in new[] { stale, recent, unrelated })
        {
            File.WriteAllText(file, "partial");
        }

        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        Directory.SetLastWriteTimeUtc(staleFolder, DateTime.UtcNow.AddDays(-2));

        using (await Loader(temp, FakeHandler.Serving(Archive), TinyCifar.Md5(Archive)).LoadAsync())
        {
        }

        Assert.Equal(
            new[] { recent, temp["cache/modelgen/cifar-10"], unrelated }.Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(modelgen).Order(StringComparer.Ordinal));
    }

    private static void AssertNothingLeftBehind(TempFolder temp)
    {
        Assert.False(Directory.Exists(temp["cache/modelgen/cifar-10"]), "no cache folder");
        Assert.False(Directory.Exists(temp["cache/modelgen"]), "the cache's parent folder, created for the download, is removed again");
        Assert.Empty(Directory.Exists(temp["cache"]) ? Directory.GetFileSystemEntries(temp["cache"]) : []);
    }
}
