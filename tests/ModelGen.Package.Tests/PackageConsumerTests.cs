using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGen.Package.Tests.Infrastructure;
using ModelGen.Testing;
using Xunit.Abstractions;

namespace ModelGen.Package.Tests;

/// <summary>
/// The packed ModelGen package (and ModelGen.BuildTasks, its dependency), consumed like a user would: a console app
/// outside the repository with a PackageReference to ModelGen, TorchSharp-cpu and a spec in its folder. One pack and one restore are shared by all tests
/// (<see cref="PackageConsumerFixture"/>); each test sets the project and spec it needs and builds with --no-restore.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class PackageConsumerTests : IClassFixture<PackageConsumerFixture>
{
    private const string CompilerCrash = "CS8785";
    private static readonly Regex WarningLine = new(@": warning [A-Z]+\d+:");

    private readonly PackageConsumerFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(PackageConsumerFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task Consumer_lives_outside_the_repository_and_sees_none_of_its_build_settings()
    {
        var repository = _fixture.RepositoryRoot + Path.DirectorySeparatorChar;
        Assert.False(_fixture.ConsumerDirectory.StartsWith(repository, StringComparison.Ordinal),
            $"{_fixture.ConsumerDirectory} is inside the repository {repository}");

        var properties = await _fixture.GetPropertiesAsync(
            "DirectoryBuildPropsPath", "DirectoryBuildTargetsPath", "DirectoryPackagesPropsPath",
            "ManagePackageVersionsCentrally", "TreatWarningsAsErrors", "Nullable", "ModelGenLibTorchSharpFix");
        _output.WriteLine(string.Join(Environment.NewLine, properties.Select(property => $"{property.Key}={property.Value}")));

        Assert.Equal(string.Empty, properties["DirectoryBuildPropsPath"]);
        Assert.Equal(string.Empty, properties["DirectoryBuildTargetsPath"]);
        Assert.Equal(string.Empty, properties["DirectoryPackagesPropsPath"]);
        Assert.Equal("false", properties["ManagePackageVersionsCentrally"]);
        Assert.Equal("true", properties["TreatWarningsAsErrors"]);
        Assert.Equal("enable", properties["Nullable"]);

        // Set by ModelGen.BuildTasks' buildTransitive targets: proof that NuGet imported them through ModelGen.
        Assert.Equal("auto", properties["ModelGenLibTorchSharpFix"]);
    }

    [Fact]
    public async Task Consumer_build_runs_the_fix_through_the_precompiled_task_of_the_BuildTasks_package()
    {
        _fixture.WriteProject();
        _fixture.WriteSpec(_fixture.OriginalSpec);

        // NuGet imported the fix's targets into the consumer, which references ModelGen only.
        var version = _fixture.PackageVersion.ToLowerInvariant();
        var nugetTargets = File.ReadAllText(Path.Combine(_fixture.ConsumerDirectory, "obj", $"{PackageConsumerFixture.AppName}.csproj.nuget.g.targets"));
        Assert.Contains($"modelgen.buildtasks/{version}/buildTransitive/ModelGen.BuildTasks.targets", nugetTargets);

        // A fresh output copy (an earlier test's build may have fixed it already; the build copies it from the NuGet
        // cache again), and 'always', so the task patches it whatever this machine's libstdc++; detailed verbosity
        // shows where MSBuild took the task from.
        if (File.Exists(_fixture.OutputLibTorchSharpPath))
        {
            File.Delete(_fixture.OutputLibTorchSharpPath);
        }

        var build = await _fixture.BuildAsync("-v:d", "-p:ModelGenLibTorchSharpFix=always");
        Assert.True(build.ExitCode == 0, build.ToString());

        var taskAssembly = Path.Combine(_fixture.GlobalPackagesFolder!, "modelgen.buildtasks", version, "tasks", "netstandard2.0", "ModelGen.BuildTasks.dll");
        var usingTask = $"Using \"ModelGenFixLibTorchSharp\" task from assembly \"{taskAssembly}\".";
        var patched = $"ModelGen: marked GLIBCXX_3.4.32 weak in {_fixture.OutputLibTorchSharpPath} ";
        _output.WriteLine(string.Join(Environment.NewLine, build.Output.Split('\n').Where(line => line.Contains("ModelGen", StringComparison.Ordinal) && line.Contains("LibTorchSharp", StringComparison.Ordinal)).Select(line => line.Trim())));
        Assert.Contains(usingTask, build.Output);
        Assert.Contains(patched, build.Output);
        Assert.True(build.Output.IndexOf(usingTask, StringComparison.Ordinal) < build.Output.IndexOf(patched, StringComparison.Ordinal), "the patch message must come from that task");

        // What the old build logic showed: the task compiled from source in the consumer's build.
        Assert.DoesNotContain("RoslynCodeTaskFactory", build.Output);
        Assert.DoesNotContain("Roslyn Code Task Factory", build.Output);

        // And the patched copy loads.
        var run = await _fixture.RunAppAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Output shape: [2, 10]", run.StandardOutput);
    }

    [Fact]
    public async Task Consumer_builds_without_warnings_and_runs_the_generated_model()
    {
        // No NU1xxx version conflicts or fallbacks either.
        Assert.DoesNotMatch(WarningLine, _fixture.Restore!.Output);

        _fixture.WriteProject();
        _fixture.WriteSpec(_fixture.OriginalSpec);

        var build = await _fixture.BuildAsync();
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertNoWarnings(build);
        Assert.DoesNotContain(CompilerCrash, build.Output);

        // Runs only if libLibTorchSharp.so loads, i.e. through the package's buildTransitive fix on Debian 12.
        var run = await _fixture.RunAppAsync();
        _output.WriteLine(run.StandardOutput);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("ParameterCount: 1084234", run.StandardOutput);
        Assert.Contains("Model: \"Cifar10Cnn\"", run.StandardOutput);
        Assert.Contains("Total params: 1,084,234", run.StandardOutput);
        Assert.Contains("Output shape: [2, 10]", run.StandardOutput);
    }

    /// <summary>Each variant's spec text; the expected location is written next to the offending node.</summary>
    [Theory]
    [InlineData("yaml-syntax-error", "MG0001", 6, 13, null)]
    [InlineData("unknown-layer-type", "MG0005", 6, 5, "'conv2d'")]
    [InlineData("kernel-larger-than-input", "MG0009", 6, 35, "kernel")]
    [InlineData("dense-after-conv-without-flatten", "MG0011", 7, 5, "insert flatten")]
    [InlineData("model-name-not-an-identifier", "MG0013", 1, 8, "identifier")]
    [InlineData("units-do-not-match-classes", "MG0015", 7, 12, "classes: 10")]
    public async Task Broken_spec_fails_the_build_with_an_error_located_in_the_yaml(string variant, string id, int line, int column, string? messageContains)
    {
        _fixture.WriteProject();
        _fixture.WriteSpec(BrokenSpec(variant));

        var build = await _fixture.BuildAsync();
        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.DoesNotContain(CompilerCrash, build.Output);

        var message = AssertDiagnostic(build, "error", id, line, column);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, message);
        }
    }

    [Fact]
    public async Task Sarif_log_of_a_failed_build_gives_the_diagnostics_help_link_into_the_catalog()
    {
        _fixture.WriteProject();
        _fixture.WriteSpec(BrokenSpec("dense-after-conv-without-flatten"));
        var sarifPath = Path.Combine(_fixture.Root, "build.sarif");
        File.Delete(sarifPath);

        // ErrorLog is "path,version=2.1"; %2C keeps MSBuild's -p: from splitting the value at the comma.
        var build = await _fixture.BuildAsync($"-p:ErrorLog={sarifPath}%2Cversion=2.1");
        Assert.True(build.ExitCode != 0, build.ToString());
        // The package was packed with -p:RepositoryUrl (see the fixture): the link goes into that repository's catalog.
        var helpLink = $"{PackageConsumerFixture.RepositoryUrl}/blob/main/{DiagnosticsCatalogLink.RelativePath}#mg0011";

        // The console line too: the compiler prints the help link after the message.
        Assert.EndsWith($" ({helpLink})", AssertDiagnostic(build, "error", "MG0011", 7, 5), StringComparison.Ordinal);
        Assert.True(File.Exists(sarifPath), $"the compiler wrote no SARIF log at {sarifPath}:{Environment.NewLine}{build}");

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Contains(run.GetProperty("results").EnumerateArray(), result => result.GetProperty("ruleId").GetString() == "MG0011");
        var rule = Assert.Single(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(),
            candidate => candidate.GetProperty("id").GetString() == "MG0011");
        _output.WriteLine(rule.ToString());
        Assert.Equal(helpLink, rule.GetProperty("helpUri").GetString());
    }

    [Fact]
    public async Task Warning_fails_the_build_under_TreatWarningsAsErrors_and_builds_with_WarningsNotAsErrors()
    {
        // max_pool2d 2 on 33x33 drops the last row and column.
        const string Spec = """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 33, 33]
            classes: 10
            layers:
              - conv2d: {filters: 4, kernel: 3, padding: same}
              - max_pool2d: 2
              - flatten
              - dense: 10
              - softmax

            """;
        _fixture.WriteSpec(Spec);

        // The consumer has TreatWarningsAsErrors=true.
        _fixture.WriteProject();
        var strict = await _fixture.BuildAsync();
        Assert.True(strict.ExitCode != 0, strict.ToString());
        AssertDiagnostic(strict, "error", "MG1001", 7, 5);
        Assert.DoesNotMatch(new Regex(@": error (?!MG1001:)[A-Z]+\d+:"), strict.Output); // failed for the warning alone
        Assert.DoesNotContain(CompilerCrash, strict.Output);

        _fixture.WriteProject(Environment.NewLine + "    <WarningsNotAsErrors>MG1001</WarningsNotAsErrors>");
        var relaxed = await _fixture.BuildAsync();
        Assert.True(relaxed.ExitCode == 0, relaxed.ToString());
        AssertDiagnostic(relaxed, "warning", "MG1001", 7, 5);
        Assert.DoesNotMatch(new Regex(@": error [A-Z]+\d+:"), relaxed.Output);
        Assert.DoesNotContain(CompilerCrash, relaxed.Output);
    }

    [Fact]
    public async Task Editing_the_spec_and_rebuilding_changes_the_generated_model()
    {
        _fixture.WriteProject();
        _fixture.WriteSpec(_fixture.OriginalSpec);
        var build = await _fixture.BuildAsync();
        Assert.True(build.ExitCode == 0, build.ToString());
        var before = await _fixture.RunAppAsync();
        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.Contains("ParameterCount: 1084234", before.StandardOutput);

        // Five classes instead of ten: the last dense layer loses 256 * 5 + 5 = 1,285 parameters.
        var edited = ReplaceOnce(ReplaceOnce(_fixture.OriginalSpec, "classes: 10", "classes: 5"), "  - dense: 10\n", "  - dense: 5\n");
        _fixture.WriteSpec(edited);
        var rebuild = await _fixture.BuildAsync();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        AssertNoWarnings(rebuild);

        var after = await _fixture.RunAppAsync();
        _output.WriteLine(after.StandardOutput);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("ParameterCount: 1082949", after.StandardOutput);
        Assert.Contains("Total params: 1,082,949", after.StandardOutput);
        Assert.Contains("Output shape: [2, 5]", after.StandardOutput);
    }

    /// <summary>
    /// Asserts the build printed <c>{spec path}({line},{column}): {severity} {id}: message</c>, MSBuild's canonical
    /// format that IDEs and CI turn into a link to the YAML, and returns the message.
    /// </summary>
    private string AssertDiagnostic(ProcessResult build, string severity, string id, int line, int column)
    {
        var prefix = $"{_fixture.SpecPath}({line},{column}): {severity} {id}: ";
        var pattern = new Regex("^" + Regex.Escape(prefix) + @"(?<message>.+?)(?: \[[^\]]*\])?\r?$", RegexOptions.Multiline);
        var matches = pattern.Matches(build.Output);
        Assert.True(matches.Count > 0, $"Expected a line starting with '{prefix}' in:{Environment.NewLine}{build}");

        foreach (var observed in matches.Select(match => match.Value.TrimEnd()).Distinct())
        {
            _output.WriteLine(observed);
        }

        var message = matches[0].Groups["message"].Value;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    private static void AssertNoWarnings(ProcessResult build)
    {
        Assert.Matches(new Regex(@"^\s*0 Warning\(s\)", RegexOptions.Multiline), build.Output);
        Assert.DoesNotMatch(WarningLine, build.Output);
    }

    private static string ReplaceOnce(string text, string oldValue, string newValue)
    {
        var index = text.IndexOf(oldValue, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(oldValue, index + 1, StringComparison.Ordinal) < 0, $"'{oldValue.TrimEnd()}' must occur exactly once in the spec");
        return string.Concat(text.AsSpan(0, index), newValue, text.AsSpan(index + oldValue.Length));
    }

    // Line and column of the node each diagnostic points at are given in the comment above each spec.
    private static string BrokenSpec(string variant) => variant switch
    {
        // (6,13): the '{' that is never closed.
        "yaml-syntax-error" => """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 32, 32]
            classes: 10
            layers:
              - conv2d: {filters: 16, kernel: 3, padding: same
              - flatten
              - dense: 10
              - softmax

            """,

        // (6,5): the layer type 'conv2'.
        "unknown-layer-type" => """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 32, 32]
            classes: 10
            layers:
              - conv2: {filters: 16, kernel: 3}
              - flatten
              - dense: 10
              - softmax

            """,

        // (6,35): the kernel 5, on an input only 4 high.
        "kernel-larger-than-input" => """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 4, 32]
            classes: 10
            layers:
              - conv2d: {filters: 16, kernel: 5}
              - flatten
              - dense: 10
              - softmax

            """,

        // (7,5): the dense layer fed the conv2d's 3-D output.
        "dense-after-conv-without-flatten" => """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 32, 32]
            classes: 10
            layers:
              - conv2d: {filters: 16, kernel: 3}
              - dense: 10
              - softmax

            """,

        // (1,8): the model name.
        "model-name-not-an-identifier" => """
            model: Cifar-10 CNN
            namespace: ModelGen.Samples.Cifar10
            input: [3, 32, 32]
            classes: 10
            layers:
              - flatten
              - dense: 10
              - softmax

            """,

        // (7,12): the units of the last dense layer, 12 where classes says 10.
        "units-do-not-match-classes" => """
            model: Cifar10Cnn
            namespace: ModelGen.Samples.Cifar10
            input: [3, 32, 32]
            classes: 10
            layers:
              - flatten
              - dense: 12
              - softmax

            """,

        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown variant"),
    };
}
