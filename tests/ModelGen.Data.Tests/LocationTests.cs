namespace ModelGen.Data.Tests;

/// <summary>Where the data comes from: --data, then MODELGEN_CIFAR10, then the cache, then a download.</summary>
public class LocationTests
{
    private static Cifar10Loader Loader(TempFolder temp, Dictionary<string, string> environment) =>
        new(new HttpClient(FakeHandler.Offline()))
        {
            CacheDirectory = temp["cache/cifar-10"],
            RecordsPerBatch = TinyCifar.Records,
            GetEnvironmentVariable = name => environment.GetValueOrDefault(name),
        };

    [Fact]
    public void The_data_option_wins_then_the_environment_variable_then_the_cache_then_a_download()
    {
        using var temp = new TempFolder();
        var environment = new Dictionary<string, string>();
        var loader = Loader(temp, environment);

        Assert.Equal(new Cifar10Location(Cifar10Origin.Download, temp["cache/cifar-10"]), loader.Locate());

        Directory.CreateDirectory(temp["cache/cifar-10"]);
        Assert.Equal(new Cifar10Location(Cifar10Origin.Cache, temp["cache/cifar-10"]), loader.Locate());

        environment["MODELGEN_CIFAR10"] = temp["from-env.tar.gz"];
        Assert.Equal(new Cifar10Location(Cifar10Origin.EnvironmentVariable, temp["from-env.tar.gz"]), loader.Locate());

        Assert.Equal(new Cifar10Location(Cifar10Origin.DataOption, temp["given"]), loader.Locate(temp["given"]));
        Assert.Equal(Cifar10Origin.EnvironmentVariable, loader.Locate("  ").Origin);
    }

    [Fact]
    public void Relative_and_home_paths_are_made_absolute()
    {
        using var temp = new TempFolder();
        var loader = Loader(temp, new() { ["HOME"] = temp["home"], ["MODELGEN_CIFAR10"] = "~/data/cifar-10-binary.tar.gz" });

        Assert.Equal(temp["home/data/cifar-10-binary.tar.gz"], loader.Locate().Path);
        Assert.Equal(Path.GetFullPath("relative/x"), loader.Locate("relative/x").Path);
    }

    [Fact]
    public async Task The_environment_variable_is_used_when_no_path_is_given()
    {
        using var temp = new TempFolder();
        var archive = temp["elsewhere/cifar-10-binary.tar.gz"];
        Directory.CreateDirectory(temp["elsewhere"]);
        File.WriteAllBytes(archive, TinyCifar.Archive(TinyCifar.Files()));
        var loader = Loader(temp, new() { ["MODELGEN_CIFAR10"] = archive });

        using var data = await loader.LoadAsync();

        Assert.Equal(archive, data.SourcePath);
        Assert.Equal(TinyCifar.TrainCount, data.Train.Count);
        Assert.False(Directory.Exists(temp["cache"]), "nothing is written to the cache");
    }

    [Fact]
    public async Task Errors_say_where_the_path_came_from()
    {
        using var temp = new TempFolder();
        var loader = Loader(temp, new() { ["MODELGEN_CIFAR10"] = temp["missing"] });

        var fromEnvironment = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync());
        var fromOption = await Assert.ThrowsAsync<DatasetException>(() => loader.LoadAsync(temp["also-missing"]));

        Assert.StartsWith($"MODELGEN_CIFAR10 is set to {temp["missing"]}, which does not exist.", fromEnvironment.Message);
        Assert.StartsWith($"The --data path {temp["also-missing"]} does not exist.", fromOption.Message);

        var files = TinyCifar.Files();
        files["data_batch_1.bin"][0] = 200;
        var bad = TinyCifar.WriteFolder(temp["bad"], files);
        var badFromEnvironment = await Assert.ThrowsAsync<DatasetException>(() => Loader(temp, new() { ["MODELGEN_CIFAR10"] = bad }).LoadAsync());
        Assert.EndsWith("re-download or check MODELGEN_CIFAR10.", badFromEnvironment.Message);
    }

    [Fact]
    public async Task A_damaged_cache_says_to_delete_it()
    {
        using var temp = new TempFolder();
        var files = TinyCifar.Files();
        files.Remove("data_batch_2.bin");
        TinyCifar.WriteFolder(temp["cache/cifar-10/cifar-10-batches-bin"], files);

        var error = await Assert.ThrowsAsync<DatasetException>(() => Loader(temp, []).LoadAsync());

        Assert.StartsWith("data_batch_2.bin is missing from", error.Message);
        Assert.EndsWith($"delete {temp["cache/cifar-10"]} and run again to download a fresh copy.", error.Message);
    }

    [Fact]
    public void The_default_cache_follows_XDG_CACHE_HOME_else_home_dot_cache()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.EndsWith(Path.Combine("modelgen", "cifar-10"), Cifar10Loader.DefaultCacheDirectory);
            return;
        }

        Assert.Equal("/xdg/cache/modelgen/cifar-10",
            Cifar10Loader.DefaultCacheDirectoryFor(name => name switch { "XDG_CACHE_HOME" => "/xdg/cache", "HOME" => "/home/u", _ => null }));
        Assert.Equal("/home/u/.cache/modelgen/cifar-10",
            Cifar10Loader.DefaultCacheDirectoryFor(name => name == "HOME" ? "/home/u" : null));
        Assert.Equal("/home/u/.cache/modelgen/cifar-10",
            Cifar10Loader.DefaultCacheDirectoryFor(name => name switch { "XDG_CACHE_HOME" => "relative", "HOME" => "/home/u", _ => null }));
        var loader = new Cifar10Loader { GetEnvironmentVariable = name => name == "XDG_CACHE_HOME" ? "/x" : null };
        Assert.Equal("/x/modelgen/cifar-10", loader.CacheDirectory);
    }
}

/// <summary>Tests that change the process's real environment run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public class RealEnvironmentVariableTests
{
    [Fact]
    public async Task MODELGEN_CIFAR10_in_the_real_environment_is_read()
    {
        using var temp = new TempFolder();
        var folder = TinyCifar.WriteFolder(temp["cifar-10-batches-bin"], TinyCifar.Files());
        var previous = Environment.GetEnvironmentVariable("MODELGEN_CIFAR10");
        Environment.SetEnvironmentVariable("MODELGEN_CIFAR10", temp.Path);
        try
        {
            var loader = new Cifar10Loader(new HttpClient(FakeHandler.Offline())) { RecordsPerBatch = TinyCifar.Records };

            Assert.Equal(new Cifar10Location(Cifar10Origin.EnvironmentVariable, temp.Path), loader.Locate());
            using var data = await loader.LoadAsync();
            Assert.Equal(folder, data.SourcePath);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MODELGEN_CIFAR10", previous);
        }
    }
}
