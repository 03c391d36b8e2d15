using System.IO.Compression;
using System.Reflection;
using System.Security;
using System.Text.Json;

namespace ModelGen.Package.Tests.Infrastructure;

/// <summary>
/// Packs src/ModelGen.BuildTasks and src/ModelGen once, under a version no earlier run used (so the global NuGet cache
/// can never serve a stale copy), into a temporary feed, and creates and restores one consumer console app outside the
/// repository that references the ModelGen package like a user would (ModelGen.BuildTasks comes as its dependency).
/// The tests then change the spec (and the project) and build it with --no-restore.
/// </summary>
public sealed class PackageConsumerFixture : IAsyncLifetime
{
    /// <summary>The consumer's assembly and project name.</summary>
    public const string AppName = "ModelGenConsumer";

    /// <summary>The package a user references.</summary>
    public const string ModelGenPackageId = "ModelGen";

    /// <summary>The package with the precompiled build task, a dependency of <see cref="ModelGenPackageId"/>.</summary>
    public const string BuildTasksPackageId = "ModelGen.BuildTasks";

    /// <summary>File name of the consumer's spec (a copy of models/cifar10-cnn.model.yaml to start with).</summary>
    public const string SpecFileName = "cifar10-cnn.model.yaml";

    /// <summary>The repository address given at pack time, as a team publishing the package would; help links use it.</summary>
    public const string RepositoryUrl = "https://github.com/example-org/modelgen";

    private const string TorchSharpVersion = "0.107.0";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    // Build servers would outlive the test run; every step starts and ends its own processes.
    private static readonly string[] NoServers = ["-nodeReuse:false", "--disable-build-servers", "-p:UseSharedCompilation=false"];

    public PackageConsumerFixture()
    {
        RepositoryRoot = Path.TrimEndingDirectorySeparator(
            typeof(PackageConsumerFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(attribute => attribute.Key == "ModelGenRepositoryRoot")?.Value
            ?? throw new InvalidOperationException("ModelGenRepositoryRoot assembly metadata is missing."));
        OriginalSpec = File.ReadAllText(Path.Combine(RepositoryRoot, "models", SpecFileName));

        // A version string no earlier run produced: time plus randomness, lower case (NuGet's folder names are).
        PackageVersion = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

        Root = Path.Combine(Path.GetTempPath(), $"modelgen-package-{Guid.NewGuid():N}");
        FeedDirectory = Path.Combine(Root, "feed");
        ConsumerDirectory = Path.Combine(Root, "consumer");
        ProjectPath = Path.Combine(ConsumerDirectory, AppName + ".csproj");
        SpecPath = Path.Combine(ConsumerDirectory, SpecFileName);
        AppPath = Path.Combine(ConsumerDirectory, "bin", "Debug", "net10.0", AppName + ".dll");
    }

    /// <summary>The repository checkout the package is packed from.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Text of models/cifar10-cnn.model.yaml.</summary>
    public string OriginalSpec { get; }

    /// <summary>The version the package was packed with (0.0.0-test.*).</summary>
    public string PackageVersion { get; }

    /// <summary>The temporary folder holding everything below.</summary>
    public string Root { get; }

    /// <summary>The local feed the packages were packed into.</summary>
    public string FeedDirectory { get; }

    /// <summary>Full path of the packed ModelGen .nupkg.</summary>
    public string PackagePath => PackagePathOf(ModelGenPackageId);

    /// <summary>Full path of the packed ModelGen.BuildTasks .nupkg.</summary>
    public string BuildTasksPackagePath => PackagePathOf(BuildTasksPackageId);

    /// <summary>The consumer project's folder.</summary>
    public string ConsumerDirectory { get; }

    /// <summary>Full path of the consumer's .csproj; builds are given this path, so diagnostics use it as is.</summary>
    public string ProjectPath { get; }

    /// <summary>Full path of the consumer's spec, exactly as the build prints it in MG diagnostics.</summary>
    public string SpecPath { get; }

    /// <summary>The consumer's built assembly.</summary>
    public string AppPath { get; }

    /// <summary>The consumer's output copy of TorchSharp's native glue library, which the fix works on.</summary>
    public string OutputLibTorchSharpPath =>
        Path.Combine(Path.GetDirectoryName(AppPath)!, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    /// <summary>Output of the pack step of ModelGen.</summary>
    public ProcessResult? Pack { get; private set; }

    /// <summary>Output of the pack step of ModelGen.BuildTasks.</summary>
    public ProcessResult? PackBuildTasks { get; private set; }

    /// <summary>Output of the consumer's restore.</summary>
    public ProcessResult? Restore { get; private set; }

    /// <summary>Where NuGet extracted packages for the consumer (from its project.assets.json).</summary>
    public string? GlobalPackagesFolder { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        Directory.CreateDirectory(ConsumerDirectory);

        // Both packages, one version: ModelGen's dependency on ModelGen.BuildTasks is that version.
        PackBuildTasks = await PackAsync(BuildTasksPackageId, BuildTasksPackagePath);
        Pack = await PackAsync(ModelGenPackageId, PackagePath);

        WriteConsumer();
        Restore = await ProcessRunner.DotnetAsync(ConsumerDirectory, StepTimeout, ["restore", ProjectPath, "-tl:off", .. NoServers]);
        if (Restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"Restoring the consumer failed:{Environment.NewLine}{Restore}");
        }

        GlobalPackagesFolder = ReadGlobalPackagesFolder();
    }

    public Task DisposeAsync()
    {
        // The unique version extracted into the global packages folder is ours alone: remove it and the temp folder.
        if (GlobalPackagesFolder is not null)
        {
            TryDelete(Path.Combine(GlobalPackagesFolder, "modelgen", PackageVersion.ToLowerInvariant()));
            TryDelete(Path.Combine(GlobalPackagesFolder, "modelgen.buildtasks", PackageVersion.ToLowerInvariant()));
        }

        TryDelete(Root);
        return Task.CompletedTask;
    }

    /// <summary>Writes the consumer's project file, with <paramref name="extraProperties"/> in its PropertyGroup.</summary>
    public void WriteProject(string extraProperties = "")
    {
        var project = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>{extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{PackageVersion}" />
                <PackageReference Include="TorchSharp-cpu" Version="{TorchSharpVersion}" />
              </ItemGroup>
            </Project>

            """;

        // Rewriting identical content would only touch the timestamp and force a full rebuild.
        WriteIfChanged(ProjectPath, project);
    }

    /// <summary>Replaces the consumer's spec (only if the text differs, like an editor saving a change).</summary>
    public void WriteSpec(string yaml) => WriteIfChanged(SpecPath, yaml);

    /// <summary><c>dotnet build</c> of the consumer, without restoring again, with any <paramref name="extraArguments"/>.</summary>
    public Task<ProcessResult> BuildAsync(params string[] extraArguments) =>
        ProcessRunner.DotnetAsync(ConsumerDirectory, StepTimeout, ["build", ProjectPath, "--no-restore", "-tl:off", .. NoServers, .. extraArguments]);

    /// <summary>Runs the consumer's built assembly.</summary>
    public Task<ProcessResult> RunAppAsync() => ProcessRunner.DotnetAsync(ConsumerDirectory, StepTimeout, AppPath);

    /// <summary>
    /// Evaluates <paramref name="properties"/> of the consumer project as MSBuild sees them (after restore, so the
    /// package's props and targets are imported).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetPropertiesAsync(params string[] properties)
    {
        var result = await ProcessRunner.DotnetAsync(ConsumerDirectory, StepTimeout,
            ["msbuild", ProjectPath, .. properties.Select(property => $"-getProperty:{property}"), "-nodeReuse:false"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Evaluating the consumer failed:{Environment.NewLine}{result}");
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetProperty("Properties").EnumerateObject()
            .ToDictionary(property => property.Name, property => property.Value.GetString() ?? string.Empty);
    }

    /// <summary>The entries of the packed .nupkg (ModelGen's unless <paramref name="package"/> names another).</summary>
    public IReadOnlyList<string> PackageEntries(string? package = null)
    {
        using var archive = ZipFile.OpenRead(package ?? PackagePath);
        return archive.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The text of one entry of the packed .nupkg (ModelGen's unless <paramref name="package"/> names another).</summary>
    public string ReadPackageEntry(string name, string? package = null)
    {
        using var reader = new StreamReader(new MemoryStream(ReadPackageEntryBytes(name, package)));
        return reader.ReadToEnd();
    }

    /// <summary>The bytes of one entry of the packed .nupkg (ModelGen's unless <paramref name="package"/> names another).</summary>
    public byte[] ReadPackageEntryBytes(string name, string? package = null)
    {
        package ??= PackagePath;
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"{name} is not in {package}");
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private string PackagePathOf(string packageId) => Path.Combine(FeedDirectory, $"{packageId}.{PackageVersion}.nupkg");

    private async Task<ProcessResult> PackAsync(string packageId, string packagePath)
    {
        // One artifacts folder for both: packing ModelGen reuses the ModelGen.BuildTasks build of the first step.
        var pack = await ProcessRunner.DotnetAsync(RepositoryRoot, StepTimeout,
            ["pack", Path.Combine(RepositoryRoot, "src", packageId), "-c", "Release", "-o", FeedDirectory,
             $"-p:Version={PackageVersion}", $"-p:RepositoryUrl={RepositoryUrl}", "--artifacts-path", Path.Combine(Root, "artifacts"), "-tl:off", .. NoServers]);
        if (pack.ExitCode != 0 || !File.Exists(packagePath))
        {
            throw new InvalidOperationException($"Packing {packageId} failed:{Environment.NewLine}{pack}");
        }

        return pack;
    }

    private void WriteConsumer()
    {
        // Adds the feed; the machine's own sources stay (no <clear/>) for TorchSharp and friends.
        File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="modelgen-test-feed" value="{SecurityElement.Escape(FeedDirectory)}" />
              </packageSources>
            </configuration>

            """);
        WriteProject();
        WriteSpec(OriginalSpec);
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), """
            using ModelGen.Samples.Cifar10;
            using TorchSharp;

            Console.WriteLine($"ParameterCount: {Cifar10Cnn.ParameterCount}");
            Console.WriteLine(Cifar10Cnn.Summary);

            using var model = new Cifar10Cnn();
            model.eval();
            using (torch.no_grad())
            {
                using torch.Tensor input = torch.randn(2, 3, 32, 32);
                using torch.Tensor output = model.forward(input);
                Console.WriteLine($"Output shape: [{string.Join(", ", output.shape)}]");
            }

            """);
    }

    private string? ReadGlobalPackagesFolder()
    {
        var assets = Path.Combine(ConsumerDirectory, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        return json.RootElement.TryGetProperty("packageFolders", out var folders)
            ? folders.EnumerateObject().Select(folder => folder.Name).FirstOrDefault()
            : null;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            File.WriteAllText(path, text);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leave it to the OS temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
