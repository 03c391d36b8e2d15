using System.Reflection;
using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>
/// The repository's .editorconfig is part of every build (EnforceCodeStyleInBuild, warnings as errors): a project
/// inside the repository that breaks the house rules does not build, and the same code in the house style does.
/// </summary>
public sealed class HouseRulesTests
{
    private const string BadStyle = """
        namespace Probe
        {
            public static class Counter
            {
                private static int count;

                public static int Next()
                {
                    int next = count + 1;
                    if (next > 9) return 0;
                    count = next;
                    return next;
                }
            }
        }
        """;

    private const string HouseStyle = """
        namespace Probe;

        public static class Counter
        {
            private static int _count;

            public static int Next()
            {
                var next = _count + 1;
                if (next > 9)
                {
                    return 0;
                }

                _count = next;
                return next;
            }
        }
        """;

    [Fact]
    [Trait("Category", "Integration")]
    public async Task A_project_in_the_repository_breaking_the_house_rules_fails_to_build()
    {
        var bad = await BuildProbeAsync(BadStyle);

        Assert.True(bad.ExitCode != 0, bad.ToString());
        Assert.Contains("error IDE0161", bad.Output, StringComparison.Ordinal);   // file-scoped namespace
        Assert.Contains("error IDE0007", bad.Output, StringComparison.Ordinal);   // var
        Assert.Contains("error IDE0011", bad.Output, StringComparison.Ordinal);   // braces
        Assert.Contains("error IDE1006", bad.Output, StringComparison.Ordinal);   // _camelCase private field

        var good = await BuildProbeAsync(HouseStyle);
        Assert.True(good.ExitCode == 0, good.ToString());
    }

    /// <summary>Builds a one-file library in a folder of its own below this project's obj/ (inside the repository).</summary>
    private static async Task<ProcessResult> BuildProbeAsync(string code)
    {
        var projectDirectory = Path.GetDirectoryName(typeof(HouseRulesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value + "/")!;
        var folder = Path.Combine(projectDirectory, "obj", "house-rules-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "Probe.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Counter.cs"), code);
            return await ProcessRunner.RunAsync(ProcessRunner.DotnetHost,
                ["build", "-c", "Release", "-nodeReuse:false", "--disable-build-servers", "-p:UseSharedCompilation=false"],
                folder, TimeSpan.FromMinutes(5));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
