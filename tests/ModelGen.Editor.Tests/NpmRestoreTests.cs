using System.Runtime.Versioning;
using ModelGen.Testing;
using Xunit.Abstractions;

namespace ModelGen.Editor.Tests;

/// <summary>
/// EditorNpmRestore.targets, the build step that runs <c>npm ci</c> in tests/editor so that a fresh clone passes
/// <c>dotnet test ModelGen.sln</c> with nothing run before it. Each test builds a small stub project (in a temporary
/// folder, with copies of tests/editor's package.json and package-lock.json) that imports the real targets file,
/// with PATH set to the real PATH minus node and npm, plus, where a test says so, stand-in node/npm scripts that log
/// how they are called. The last test checks that the editor-test project itself imports the step for tests/editor.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class NpmRestoreTests : IDisposable
{
    private const string NpmCiArguments = "ci --no-audit --no-fund --loglevel=error";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] NodeAndNpmNames = ["node", "nodejs", "npm", "npx"];

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-npm-restore-").FullName;

    public NpmRestoreTests(ITestOutputHelper output)
    {
        _output = output;
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "these tests stand in for node and npm with sh scripts and hide them from PATH with symbolic links; run them on Linux or macOS (CI runs Debian 12)");
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Root => YamlLanguageServer.RepositoryRoot;

    private static string TargetsFile => Path.Combine(Root, "tests", "ModelGen.Editor.Tests", "EditorNpmRestore.targets");

    private string EditorFolder => Path.Combine(_folder, "stub", "editor");

    private string Stamp => Path.Combine(EditorFolder, "node_modules", ".modelgen-npm-ci.stamp");

    private string NpmLog => Path.Combine(_folder, "npm-calls.log");

    [Fact]
    public async Task Without_node_and_npm_on_PATH_the_build_fails_with_MGT001_saying_what_is_missing_why_and_how_to_fix_it()
    {
        var project = WriteStubProject();
        var path = PathWithoutNode();
        var build = await BuildAsync(project, path);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(
            "error MGT001: Node.js (`node`) and npm (`npm`) were not found on PATH. The editor tests " +
            "(tests/ModelGen.Editor.Tests) drive the real YAML language server, yaml-language-server, which runs on " +
            $"Node.js and is installed with `npm ci` from {EditorFolder}/package-lock.json as part of this build. " +
            "Install Node.js 20 or later together with npm", build.Output);
        Assert.Contains("make sure `node` and `npm` are on PATH, and build again.", build.Output);
        AssertOneCleanError(build, "MGT001");
        Assert.False(File.Exists(Stamp), "the stamp was written although npm ci never ran");
    }

    [Fact]
    public async Task With_node_but_without_npm_the_build_fails_with_MGT001_naming_npm()
    {
        var project = WriteStubProject();
        var fakes = WriteFakeTools(nodeVersion: "v20.11.1", npm: false);
        var build = await BuildAsync(project, fakes + ":" + PathWithoutNode());

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error MGT001: npm (`npm`) was not found on PATH. The editor tests", build.Output);
        AssertOneCleanError(build, "MGT001");
    }

    [Fact]
    public async Task Node_older_than_20_fails_the_build_with_MGT002_quoting_its_version()
    {
        var project = WriteStubProject();
        var fakes = WriteFakeTools(nodeVersion: "v18.19.0");
        var build = await BuildAsync(project, fakes + ":" + PathWithoutNode());

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error MGT002: Node.js 20 or later is needed, but `node --version` says 'v18.19.0'.", build.Output);
        AssertOneCleanError(build, "MGT002");
        Assert.Empty(NpmCiCalls());
    }

    [Fact]
    public async Task Npm_ci_runs_on_the_first_build_and_again_only_when_package_lock_json_changes_or_node_modules_is_missing()
    {
        var project = WriteStubProject();
        var path = WriteFakeTools(nodeVersion: "v20.11.1") + ":" + PathWithoutNode();

        var first = await BuildAsync(project, path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal([$"{EditorFolder}|{NpmCiArguments}"], NpmCiCalls());
        Assert.Contains($"npm ci in {EditorFolder}/", first.Output);
        Assert.True(File.Exists(Stamp), $"no stamp {Stamp} after a successful npm ci");

        var second = await BuildAsync(project, path, "-v:d");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Skipping target \"EditorNpmRestore\" because all output files are up-to-date with respect to the input files.", second.Output);
        Assert.Single(NpmCiCalls());

        File.SetLastWriteTimeUtc(Path.Combine(EditorFolder, "package-lock.json"), File.GetLastWriteTimeUtc(Stamp).AddSeconds(2));
        var afterLockChange = await BuildAsync(project, path);
        Assert.True(afterLockChange.ExitCode == 0, afterLockChange.ToString());
        Assert.Equal(2, NpmCiCalls().Count);

        Directory.Delete(Path.Combine(EditorFolder, "node_modules"), recursive: true);
        var afterDelete = await BuildAsync(project, path);
        Assert.True(afterDelete.ExitCode == 0, afterDelete.ToString());
        Assert.Equal(3, NpmCiCalls().Count);

        // What an IDE does to learn about the project: no npm, even with node_modules missing.
        Directory.Delete(Path.Combine(EditorFolder, "node_modules"), recursive: true);
        var designTime = await RunDotnetAsync(path, "msbuild", project, "-t:Compile", "-p:DesignTimeBuild=true",
            "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-nodeReuse:false");
        Assert.True(designTime.ExitCode == 0, designTime.ToString());
        Assert.Equal(3, NpmCiCalls().Count);
    }

    [Fact]
    public async Task A_failing_npm_ci_fails_the_build_with_MGT003_shows_what_npm_said_and_is_retried_by_the_next_build()
    {
        var project = WriteStubProject();
        var path = WriteFakeTools(nodeVersion: "v20.11.1", npmCiExitCode: 1) + ":" + PathWithoutNode();

        var build = await BuildAsync(project, path);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"error MGT003: `npm ci --no-audit --no-fund --loglevel=error` in {EditorFolder}/ failed with exit code 1; npm's messages are above.", build.Output);
        Assert.Contains("npm error code ENOTFOUND (stand-in)", build.Output);
        AssertOneCleanError(build, "MGT003");
        Assert.False(File.Exists(Stamp), "the stamp was written although npm ci failed");

        var retry = await BuildAsync(project, path);
        Assert.NotEqual(0, retry.ExitCode);
        Assert.Equal(2, NpmCiCalls().Count);
    }

    [Fact]
    public async Task The_editor_test_project_restores_tests_editor_and_has_done_so_for_this_run()
    {
        var project = Path.Combine(Root, "tests", "ModelGen.Editor.Tests", "ModelGen.Editor.Tests.csproj");
        var evaluation = await RunDotnetAsync(Environment.GetEnvironmentVariable("PATH") ?? "", "msbuild", project,
            "-getProperty:EditorNpmDirectory", "-nodeReuse:false");
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        Assert.Equal(Path.Combine(Root, "tests", "editor") + "/", evaluation.StandardOutput.Trim());

        // This assembly was built, so the step ran (or was up to date): its stamp is there.
        var stamp = Path.Combine(Root, "tests", "editor", "node_modules", ".modelgen-npm-ci.stamp");
        Assert.True(File.Exists(stamp),
            $"{stamp} does not exist although ModelGen.Editor.Tests was built; was node_modules replaced by a hand-run npm ci after the build?");
    }

    /// <summary>A project outside the repository that imports the real targets file for its own editor/ folder.</summary>
    private string WriteStubProject()
    {
        Assert.True(File.Exists(TargetsFile), $"the targets file under test, {TargetsFile}, does not exist");
        Directory.CreateDirectory(EditorFolder);
        foreach (var file in new[] { "package.json", "package-lock.json" })
        {
            File.Copy(Path.Combine(Root, "tests", "editor", file), Path.Combine(EditorFolder, file));
        }

        var project = Path.Combine(_folder, "stub", "Stub.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>true</MSBuildTreatWarningsAsErrors>
                <EditorNpmDirectory>$(MSBuildThisFileDirectory)editor</EditorNpmDirectory>
              </PropertyGroup>
              <Import Project="{TargetsFile}" />
            </Project>
            """);
        return project;
    }

    /// <summary>
    /// This process's PATH with node and npm hidden: a folder that holds them is replaced by a folder of symbolic
    /// links to everything else in it (on Debian, node and npm share /usr/bin with sh, which MSBuild's Exec needs).
    /// </summary>
    private string PathWithoutNode()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var result = new List<string>();
        for (var i = 0; i < folders.Length; i++)
        {
            var folder = folders[i];
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var entries = Directory.GetFileSystemEntries(folder);
            if (!entries.Any(IsNodeOrNpm))
            {
                result.Add(folder);
                continue;
            }

            var shadow = Path.Combine(_folder, $"path-{i}");
            Directory.CreateDirectory(shadow);
            foreach (var entry in entries.Where(e => !IsNodeOrNpm(e)))
            {
                File.CreateSymbolicLink(Path.Combine(shadow, Path.GetFileName(entry)), entry);
            }
            result.Add(shadow);
        }

        // Not vacuous: nothing on the PATH the build gets is node or npm.
        var found = result.SelectMany(Directory.GetFileSystemEntries).Where(IsNodeOrNpm).ToList();
        Assert.True(found.Count == 0, $"node/npm still on the stripped PATH: {string.Join(", ", found)}");
        Assert.Contains(result, f => File.Exists(Path.Combine(f, "sh")));
        return string.Join(':', result);
    }

    private static bool IsNodeOrNpm(string path) => NodeAndNpmNames.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A folder with stand-in <c>node</c> (prints <paramref name="nodeVersion"/>) and <c>npm</c> scripts. Every npm
    /// call is logged as "working folder|arguments"; <c>npm ci</c> recreates node_modules as npm does, then exits
    /// with <paramref name="npmCiExitCode"/> (printing an npm-style error first when that is not 0).
    /// </summary>
    private string WriteFakeTools(string nodeVersion, bool npm = true, int npmCiExitCode = 0)
    {
        var bin = Path.Combine(_folder, "fake-bin");
        Directory.CreateDirectory(bin);
        WriteScript(Path.Combine(bin, "node"), $"""
            #!/bin/sh
            echo '{nodeVersion}'
            """);
        if (npm)
        {
            WriteScript(Path.Combine(bin, "npm"), $"""
                #!/bin/sh
                echo "$PWD|$*" >> '{NpmLog}'
                case "$1" in
                  --version) echo 10.9.2 ;;
                  ci)
                    rm -rf node_modules && mkdir node_modules && echo '{"{}"}' > node_modules/.package-lock.json
                    if [ {npmCiExitCode} -ne 0 ]; then echo 'npm error code ENOTFOUND (stand-in)' >&2; fi
                    exit {npmCiExitCode} ;;
                  *) echo "stand-in npm: unexpected arguments: $*" >&2; exit 99 ;;
                esac
                """);
        }
        return bin;
    }

    private static void WriteScript(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>The npm ci calls the stand-in npm logged, as "working folder|arguments".</summary>
    private List<string> NpmCiCalls() =>
        File.Exists(NpmLog) ? [.. File.ReadAllLines(NpmLog).Where(l => l.Split('|', 2)[1].StartsWith("ci", StringComparison.Ordinal))] : [];

    /// <summary>The build failed with exactly one error, the given one, and no stack trace or MSBuild task error.</summary>
    private static void AssertOneCleanError(ProcessResult build, string code)
    {
        Assert.Contains("1 Error(s)", build.Output);
        Assert.Contains("0 Warning(s)", build.Output);
        Assert.Contains($"error {code}:", build.Output);
        Assert.DoesNotContain("error MSB", build.Output);
        Assert.DoesNotContain("   at ", build.Output);
    }

    private Task<ProcessResult> BuildAsync(string project, string path, params string[] extra) =>
        RunDotnetAsync(path, ["build", project, "-nodeReuse:false", "-tl:off", .. extra]);

    /// <summary>dotnet with PATH set to <paramref name="path"/> (through env, which ProcessRunner has no option for).</summary>
    private async Task<ProcessResult> RunDotnetAsync(string path, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/env", [$"PATH={path}", ProcessRunner.DotnetHost, .. arguments], _folder, BuildTimeout);
        _output.WriteLine(result.ToString());
        return result;
    }
}
