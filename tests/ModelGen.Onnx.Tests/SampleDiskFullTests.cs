namespace ModelGen.Onnx.Tests;

/// <summary>
/// A fact that needs the real CIFAR-10 archive and a small file system of its own: a tmpfs mounted in a private mount
/// namespace (<c>unshare -m</c>; root, or unprivileged user namespaces). Skipped, saying which is missing, elsewhere.
/// </summary>
public sealed class SmallFileSystemFactAttribute : FactAttribute
{
    public SmallFileSystemFactAttribute()
    {
        if (!File.Exists(RealCifar10.ArchivePath))
        {
            Skip = $"The real CIFAR-10 archive is not at {RealCifar10.ArchivePath}; these tests need the shared data set.";
        }
        else if (SmallFileSystem.Unavailable() is { } why)
        {
            Skip = $"A tmpfs cannot be mounted here ({why}); the disk-full test needs one.";
        }
    }
}

/// <summary>Runs a shell script in a private mount namespace, where it can mount a tmpfs of a chosen size.</summary>
internal static class SmallFileSystem
{
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        var probe = Run("mount -t tmpfs -o size=64k tmpfs \"$(mktemp -d)\"", TimeSpan.FromSeconds(30));
        return probe.ExitCode == 0 ? null : $"unshare -m failed: {probe.Output.Trim()}";
    }

    public static ProcessResult Run(string script, TimeSpan timeout)
    {
        var unshare = Environment.UserName == "root" ? new[] { "-m" } : ["-r", "-m"];
        return ProcessRunner.RunAsync("unshare", [.. unshare, "sh", "-c", script], Path.GetTempPath(), timeout).GetAwaiter().GetResult();
    }
}

/// <summary>A disk that fills up during a run: a clear message, exit code 1, and the last complete checkpoint usable.</summary>
public sealed class SampleDiskFullTests
{
    [SmallFileSystemFact]
    public void A_full_disk_stops_the_run_with_a_message_and_the_last_complete_checkpoint_resumes()
    {
        using var folder = new TemporaryFolder();
        var disk = Path.Combine(folder.Path, "disk");
        var kept = Path.Combine(folder.Path, "kept");
        Directory.CreateDirectory(disk);
        Directory.CreateDirectory(kept);

        // 20 MB: the first checkpoint (13 MB) fits, the second cannot be written beside it.
        var script = $"""
            set -u
            mount -t tmpfs -o size=20m tmpfs '{disk}' || exit 99
            '{ProcessRunner.DotnetHost}' '{SampleProgram.Dll}' train --data '{RealCifar10.ArchivePath}' --threads 1 --epochs 2 --limit 300 --out '{disk}/run'
            echo "exit code $?"
            ls -a '{disk}/run'
            cp '{disk}/run/checkpoint.mgm' '{kept}/checkpoint.mgm'
            """;
        var full = SmallFileSystem.Run(script, TimeSpan.FromMinutes(5));

        // The console wraps long paths anywhere: compare without white space.
        var output = Squash(full.Output);
        Assert.True(output.Contains("exitcode1", StringComparison.Ordinal), full.ToString());
        Assert.Contains(Squash($"Error: Cannot write the model file {disk}/run/checkpoint.mgm: the disk is full (No space left on device"), output, StringComparison.Ordinal);
        Assert.Contains(
            Squash($"{disk}/run/checkpoint.mgm still holds epoch 1, complete: free space (or make the folder writable), then resume the run to continue from it."),
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", full.StandardOutput[full.StandardOutput.IndexOf("exit code", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Output, StringComparison.Ordinal);

        // On a disk with room, the kept checkpoint continues the run to its end.
        var resumed = SampleProgram.Run(folder.Path, "train", "--data", RealCifar10.ArchivePath, "--threads", "1", "--resume", "--out", kept);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Resuming with the run's own settings: epochs 2, batch size 64, learning rate 0.005, limit 300, seed 1.", SampleProgram.Flatten(resumed.Output), StringComparison.Ordinal);
        Assert.Contains("Epoch 2/2", resumed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Epoch 1/2", resumed.Output, StringComparison.Ordinal);
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
