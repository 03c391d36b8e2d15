using System.Runtime.CompilerServices;
using Xunit;

namespace ModelGen.Testing;

/// <summary>
/// A fact that runs only when the real CIFAR-10 archive is at <c>&lt;repository&gt;/../shared/datasets/</c> (as on
/// the development machines and in CI) and is skipped, saying why, elsewhere.
/// </summary>
public sealed class RealCifar10FactAttribute : FactAttribute
{
    public RealCifar10FactAttribute()
    {
        if (!File.Exists(RealCifar10.ArchivePath))
        {
            Skip = $"The real CIFAR-10 archive is not at {RealCifar10.ArchivePath}; these tests need the shared data set.";
        }
    }
}

public static class RealCifar10
{
    public static string ArchivePath { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "cifar-10-binary.tar.gz"));

    /// <summary>The folder with ModelGen.sln: above this source file, else above the test's output or working folder.</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
