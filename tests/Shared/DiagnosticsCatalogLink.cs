using System.Diagnostics;

namespace ModelGen.Testing;

/// <summary>
/// What the build knows about the repository's address, as the tests see it: the checkout's git remote 'origin' (the
/// build reads the same when no RepositoryUrl is given), and the catalog's path in the repository.
/// </summary>
public static class DiagnosticsCatalogLink
{
    public const string RelativePath = "docs/diagnostics.md";

    /// <summary>The address of the remote 'origin' of the checkout at <paramref name="repositoryRoot"/>, or empty.</summary>
    public static string GitOrigin(string repositoryRoot)
    {
        var start = new ProcessStartInfo("git", ["remote", "get-url", "origin"])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var output = git.StandardOutput.ReadToEnd();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output.Trim() : string.Empty;
    }
}
