using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>
/// Builds and publishes a throw-away console app that references TorchSharp-cpu and imports ModelGen.BuildTasks.targets
/// with the precompiled task assembly under test, then runs it: proves the automatic fix makes the native library
/// load, that it is incremental, and that "never" works.
/// </summary>
public sealed class EndToEndBuildTests
{
    private const string AppName = "ModelGenE2E";
    private const string PatchedMessage = "ModelGen: marked GLIBCXX_3.4.32 weak in ";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Console_app_importing_the_targets_builds_publishes_and_runs()
    {
        using var temp = new TempDirectory("e2e");
        WriteProject(temp);
        var pristinePath = TestEnvironment.PristineLibTorchSharp;
        var pristine = FileSnapshot.Take(pristinePath);
        var patches = TestEnvironment.AutoModePatchesHere;
        var outputLibrary = temp.Combine("bin", "Release", "net10.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var outputApp = temp.Combine("bin", "Release", "net10.0", AppName + ".dll");

        // 1. never: the output copy is the package's file, byte for byte.
        var never = await DotnetAsync(temp, "build", "-c", "Release", "-v:n", "-p:ModelGenLibTorchSharpFix=never");
        Assert.True(never.ExitCode == 0, never.ToString());
        Assert.DoesNotContain(PatchedMessage, never.Output);
        pristine.AssertUnchanged(outputLibrary);
        if (patches)
        {
            // ...which is exactly what fails to load on this machine.
            var broken = await RunAppAsync(temp, outputApp);
            Assert.True(broken.ExitCode != 0, broken.ToString());
            Assert.DoesNotContain("sum=6", broken.StandardOutput);
        }

        // 2. default (auto): patched after the copy, exactly when this machine needs it.
        var build = await DotnetAsync(temp, "build", "-c", "Release", "-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertFixedIfNeeded(build, outputLibrary, pristine, patches);
        var afterBuild = FileSnapshot.Take(outputLibrary);

        var run = await RunAppAsync(temp, outputApp);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sum=6", run.StandardOutput);

        // 3. rebuild: the incremental copy keeps the patched file (same size and timestamp), the task is a no-op.
        var rebuild = await DotnetAsync(temp, "build", "-c", "Release", "-v:n");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain(PatchedMessage, rebuild.Output);
        afterBuild.AssertUnchanged(outputLibrary);

        // 4. RID-specific publish: the library lands flat in the publish folder and is fixed there too.
        var publishDir = temp.Combine("publish");
        var publish = await DotnetAsync(temp, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", publishDir, "-v:n");
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var publishedLibrary = Path.Combine(publishDir, "libLibTorchSharp.so");
        AssertFixedIfNeeded(publish, publishedLibrary, pristine, patches);

        var runPublished = await RunAppAsync(temp, Path.Combine(publishDir, AppName + ".dll"));
        Assert.True(runPublished.ExitCode == 0, runPublished.ToString());
        Assert.Contains("sum=6", runPublished.StandardOutput);

        // The NuGet cache is never modified.
        pristine.AssertUnchanged(pristinePath);
    }

    private static void AssertFixedIfNeeded(ProcessResult build, string library, FileSnapshot pristine, bool patches)
    {
        var now = File.ReadAllBytes(library);
        if (patches)
        {
            Assert.Contains(PatchedMessage + library, build.Output);
            Assert.Equal(ElfFixVerdict.AlreadyWeak, LibStdCxxAnchorFix.Analyze(now).Verdict);
            Assert.Single(ByteDiff.Offsets(pristine.Bytes, now));
        }
        else
        {
            Assert.DoesNotContain(PatchedMessage, build.Output);
            Assert.Equal(pristine.Bytes, now);
        }

        Assert.Equal(pristine.LastWriteUtc, File.GetLastWriteTimeUtc(library));
        Assert.DoesNotContain("warning MGB", build.Output);
    }

    private static void WriteProject(TempDirectory temp)
    {
        // Stop MSBuild's upward search so nothing from the enclosing folders leaks in.
        File.WriteAllText(temp.Combine("Directory.Build.props"), "<Project />");
        File.WriteAllText(temp.Combine("Directory.Build.targets"), "<Project />");
        File.WriteAllText(temp.Combine("Directory.Packages.props"), "<Project />");
        File.WriteAllText(temp.Combine(AppName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp-cpu" Version="{TestEnvironment.TorchSharpVersion}" />
              </ItemGroup>
              <PropertyGroup>
                <ModelGenBuildTasksAssembly>{TestEnvironment.BuildTasksAssemblyPath}</ModelGenBuildTasksAssembly>
              </PropertyGroup>
              <Import Project="{TestEnvironment.BuildTasksTargetsPath}" />
            </Project>
            """);
        File.WriteAllText(temp.Combine("Program.cs"), """
            using TorchSharp;

            using torch.Tensor ones = torch.ones(2, 3);
            using torch.Tensor sum = ones.sum();
            Console.WriteLine($"sum={sum.item<float>()}");
            """);
    }

    private static Task<ProcessResult> DotnetAsync(TempDirectory temp, params string[] arguments) =>
        ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost,
            [.. arguments, "-nodeReuse:false", "--disable-build-servers", "-p:UseSharedCompilation=false"],
            temp.Path,
            StepTimeout);

    private static Task<ProcessResult> RunAppAsync(TempDirectory temp, string app) =>
        ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [app], temp.Path, StepTimeout);
}
