using System.Diagnostics;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>A run's folder before training: a killed run's leftovers, locks, folders that cannot be written, memory.</summary>
public sealed class RunFolderFaultTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    private static TrainRunRequest Request(string folder, int epochs = 1) => new()
    {
        LoadData = (_, _) => ModelRunTests.Pixels(samples: 80, seed: 4, Names),
        OutputFolder = folder,
        Training = new TrainingOptions { Epochs = epochs, Seed = 3, SamplePredictions = 2 },
    };

    [Fact]
    public void Temporary_files_of_a_killed_run_are_deleted_by_the_next_run_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        // What kill -9 during a checkpoint write and during the model's write leaves behind, and a file of the user's.
        var leftovers = new[] { ".checkpoint.mgm." + Guid.NewGuid().ToString("N") + ".tmp", ".model.mgm." + Guid.NewGuid().ToString("N") + ".tmp" };
        foreach (var name in leftovers)
        {
            File.WriteAllBytes(folder.File(name), new byte[4096]);
        }

        File.WriteAllText(folder.File(".notes.tmp"), "mine");
        var reporter = new RecordingReporter();

        ModelRun.Train<TinyClassifier>(Request(folder.Path), reporter);

        Assert.All(leftovers, name => Assert.False(File.Exists(folder.File(name)), name));
        Assert.True(File.Exists(folder.File(".notes.tmp")));
        var note = Assert.Single(reporter.Plan!.Notes);
        Assert.StartsWith("Deleted 2 temporary file(s) of writes that an interrupted run left unfinished: ", note, StringComparison.Ordinal);
        Assert.Equal([folder.File(".notes.tmp")], Directory.GetFiles(folder.Path, ".*.tmp"));
    }

    [Fact]
    public void A_second_run_in_a_folder_whose_lock_is_held_is_refused_and_names_the_holder()
    {
        using var folder = new TemporaryFolder();
        using (var held = HeldLock.Take(folder.Path))
        {
            var reporter = new RecordingReporter();
            var error = Assert.Throws<RunException>(() => ModelRun.Train<TinyClassifier>(Request(folder.Path), reporter));

            Assert.Contains($"is in use by another training run (process {held.ProcessId} on {Environment.MachineName}", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("train", reporter.Events);
            Assert.False(File.Exists(folder.File(RunFolder.CheckpointFileName)));
        }

        // Once the holder is gone (killed: its lock file still names it), the folder is taken over with a note.
        var next = new RecordingReporter();
        ModelRun.Train<TinyClassifier>(Request(folder.Path), next);
        Assert.Contains(next.Plan!.Notes, n => n.StartsWith("The folder's lock was left by a run that is no longer running (process ", StringComparison.Ordinal));
        Assert.Equal(string.Empty, File.ReadAllText(folder.File(RunLock.FileName)));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_refused_before_training()
    {
        using var readOnly = new ReadOnlyFolder();
        var reporter = new RecordingReporter();

        var error = Assert.Throws<RunException>(() => ModelRun.Train<TinyClassifier>(Request(readOnly.Path), reporter));

        Assert.StartsWith($"The output folder {readOnly.Path} is not writable", error.Message, StringComparison.Ordinal);
        Assert.Contains("choose another output folder", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("train", reporter.Events);
    }

    [Fact]
    public void A_batch_size_that_cannot_fit_in_memory_is_refused_with_the_estimate_before_the_data_is_read()
    {
        using var folder = new TemporaryFolder();
        var reporter = new RecordingReporter();
        var request = Request(folder.File("run")) with { Training = new TrainingOptions { BatchSize = int.MaxValue } };

        var error = Assert.Throws<RunException>(() => ModelRun.Train<TinyClassifier>(request, reporter));

        Assert.Matches(
            @"^Training TinyClassifier in batches of 2,147,483,647 needs about [0-9.]+ [TPE]B of memory \([0-9.]+ KB of activations per sample, .+\), but this machine has [0-9.]+ [MGT]B\. Use a batch size of at most [0-9,]+\.$",
            error.Message);
        Assert.Empty(reporter.Events);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    /// <summary>The lock of a folder held by another process (a shell's <c>flock</c> cannot take the kind of lock .NET
    /// takes, so a second .NET process, the test host itself started again, holds it).</summary>
    private sealed class HeldLock : IDisposable
    {
        private readonly Process _process;

        private HeldLock(Process process) => _process = process;

        public int ProcessId => _process.Id;

        public static HeldLock Take(string folder)
        {
            // python3's fcntl.lockf takes the same POSIX record lock as FileStream.Lock, on the same byte.
            var script = $$"""
                import fcntl, json, os, socket, sys, time
                f = open({{Quote(Path.Combine(folder, RunLock.FileName))}}, "a+")
                fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1 << 40, 0)
                f.truncate(0); f.write(json.dumps({"processId": os.getpid(), "machineName": socket.gethostname(), "startedAt": "2026-12-02T03:00:00+00:00"})); f.flush()
                print("locked", flush=True)
                sys.stdin.read()
                """;
            var process = Process.Start(new ProcessStartInfo("python3", ["-c", script])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("python3 did not start.");
            Assert.Equal("locked", process.StandardOutput.ReadLine());
            return new HeldLock(process);
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }

        private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
