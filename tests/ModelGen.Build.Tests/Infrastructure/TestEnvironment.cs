using System.Reflection;
using TorchSharp;

namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>Locations baked in at build time plus facts about this machine.</summary>
internal static class TestEnvironment
{
    private static readonly Lazy<bool?> MachineProvides = new(DynamicLoaderProbe.SystemProvidesGlibcxx3432);

    /// <summary>Absolute path of src/ModelGen.BuildTasks/buildTransitive/ModelGen.BuildTasks.targets.</summary>
    public static string BuildTasksTargetsPath => Metadata("ModelGenBuildTasksTargetsPath")
        ?? throw new InvalidOperationException("ModelGenBuildTasksTargetsPath assembly metadata is missing.");

    /// <summary>The precompiled task assembly under test (this test's own copy of ModelGen.BuildTasks.dll).</summary>
    public static string BuildTasksAssemblyPath => typeof(ModelGenFixLibTorchSharp).Assembly.Location;

    /// <summary>The TorchSharp package version the tests were built against, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion
    {
        get
        {
            var version = typeof(torch).Assembly.GetName().Version
                ?? throw new InvalidOperationException("TorchSharp has no assembly version.");
            return $"{version.Major}.{version.Minor}.{version.Build}";
        }
    }

    /// <summary>
    /// The unpatched libLibTorchSharp.so inside the NuGet cache. Tests only ever read it (and assert it never changes).
    /// </summary>
    public static string PristineLibTorchSharp
    {
        get
        {
            var roots = new List<string>();
            AddRoot(roots, Metadata("NuGetPackageRoot"));
            AddRoot(roots, Environment.GetEnvironmentVariable("NUGET_PACKAGES"));
            AddRoot(roots, Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
            foreach (var root in roots)
            {
                var candidate = Path.Combine(root, "torchsharp", TorchSharpVersion, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException(
                $"libLibTorchSharp.so of TorchSharp {TorchSharpVersion} not found under: {string.Join(", ", roots)}");
        }
    }

    /// <summary>The dynamic loader's answer for this machine (true: libstdc++ has GLIBCXX_3.4.32).</summary>
    public static bool? MachineProvidesGlibcxx3432 => MachineProvides.Value;

    /// <summary>Whether a build in auto mode is expected to patch on this machine.</summary>
    public static bool AutoModePatchesHere => MachineProvidesGlibcxx3432 != true;

    private static void AddRoot(List<string> roots, string? root)
    {
        if (!string.IsNullOrWhiteSpace(root) && !roots.Contains(root))
        {
            roots.Add(root);
        }
    }

    private static string? Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value is { Length: > 0 } value ? value : null;
}
