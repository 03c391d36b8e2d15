using ModelGen.Reporting;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// Training runs of the sample under faults: <c>kill -9</c> while training and while checkpointing, a second run in
/// the same folder, a read-only folder, a diverging loss. Small (a few hundred images, few epochs) to stay fast.
/// </summary>
public sealed class SampleFaultTests
{
    private static string[] Train(string folder, params string[] more) =>
        ["train", "--data", RealCifar10.ArchivePath, "--threads", "1", "--out", folder, .. more];

    [RealCifar10Fact]
    public void Killed_while_checkpointing_and_while_training_then_resumed_the_run_ends_as_the_uninterrupted_one()
    {
        using var folder = new TemporaryFolder();
        var whole = Path.Combine(folder.Path, "whole");
        var killed = Path.Combine(folder.Path, "killed");
        string[] settings = ["--epochs", "3", "--limit", "600", "--seed", "5"];
        var random = new Random(20261202);

        var uninterrupted = SampleProgram.Run(folder.Path, Train(whole, settings));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        // kill -9 while the second checkpoint is being written: its temporary file is there, the first checkpoint complete.
        string[] leftovers;
        using (var first = LiveSample.Start(folder.Path, Train(killed, settings)))
        {
            first.WaitUntil(
                () => File.Exists(Path.Combine(killed, "checkpoint.mgm")) && Directory.GetFiles(killed, ".checkpoint.mgm.*.tmp").Length > 0,
                "the second checkpoint's write");
            first.Kill();
            leftovers = Directory.GetFiles(killed, ".checkpoint.mgm.*.tmp");
        }

        // A resume that asks for other settings than the run's is refused, and changes nothing.
        var conflicting = SampleProgram.Run(folder.Path, Train(killed, "--resume", "--epochs", "5"));
        SampleProgram.AssertUserError(conflicting, "this resume asks for epochs 5 (the run's: 3). Leave out --epochs to continue the run as it started");
        SampleProgram.AssertUserError(conflicting, "or add --allow-changes to change it.");

        // Resumed with nothing but --resume (the run's settings come from its checkpoint), then killed at a random
        // moment of the last epoch's training.
        using (var second = LiveSample.Start(folder.Path, Train(killed, "--resume")))
        {
            second.WaitUntil(() => second.Output.Contains("Epoch 3/3", StringComparison.Ordinal), "epoch 3");
            Thread.Sleep(random.Next(0, 400));
            second.Kill();
            var notes = SampleProgram.Flatten(second.Output);
            Assert.Contains("Resuming with the run's own settings: epochs 3, batch size 64, learning rate 0.005, limit 600, seed 5.", notes, StringComparison.Ordinal);
            Assert.Contains("The folder's lock was left by a run that is no longer running (process ", notes, StringComparison.Ordinal);
            if (leftovers.Length > 0)
            {
                Assert.Contains($"Deleted 1 temporary file(s) of writes that an interrupted run left unfinished: {Path.GetFileName(leftovers[0])}.", notes, StringComparison.Ordinal);
            }
        }

        var resumed = SampleProgram.Run(folder.Path, Train(killed, "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());

        var expected = RunMetrics.Read(Path.Combine(whole, "metrics.json"));
        var actual = RunMetrics.Read(Path.Combine(killed, "metrics.json"));
        Assert.Equal(expected.Epochs.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TestLoss, e.TestAccuracy)), actual.Epochs.Select(e => (e.Epoch, e.LearningRate, e.TrainLoss, e.TestLoss, e.TestAccuracy)));
        Assert.Equal(expected.Test, actual.Test);
        Assert.Empty(Directory.GetFiles(killed, ".*.tmp"));
    }

    [RealCifar10Fact]
    public void A_second_run_in_the_same_folder_is_refused_while_the_first_runs()
    {
        using var folder = new TemporaryFolder();
        var run = Path.Combine(folder.Path, "run");
        using var first = LiveSample.Start(folder.Path, Train(run, "--epochs", "1", "--limit", "300"));
        first.WaitUntil(() => File.Exists(Path.Combine(run, "run.lock")) && new FileInfo(Path.Combine(run, "run.lock")).Length > 0, "the first run's lock");

        var second = SampleProgram.Run(folder.Path, Train(run, "--epochs", "1", "--limit", "300"));

        SampleProgram.AssertUserError(second, $"The output folder {run} is in use by another training run (process {first.ProcessId} on {Environment.MachineName}, since ");
        SampleProgram.AssertUserError(second, "Wait for that run to end, or choose another output folder.");
        Assert.Equal(0, first.WaitForExit());
    }

    [RealCifar10Fact]
    public void A_read_only_output_folder_is_refused_before_training()
    {
        using var readOnly = new ReadOnlyFolder();
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, Train(readOnly.Path, "--epochs", "1", "--limit", "100"));

        SampleProgram.AssertUserError(result, $"The output folder {readOnly.Path} is not writable");
        Assert.DoesNotContain("Epoch 1/1", result.Output, StringComparison.Ordinal);
    }

    [RealCifar10Fact]
    public void A_diverging_run_stops_with_a_message_and_exit_code_1_or_continues_when_asked()
    {
        using var folder = new TemporaryFolder();

        var stopped = SampleProgram.Run(folder.Path, Train("stopped", "--epochs", "1", "--limit", "1000", "--lr", "1000000"));

        SampleProgram.AssertUserError(stopped, "Training diverged in epoch 1: the training loss became NaN (learning rate 1E+06), so training stopped.");
        SampleProgram.AssertUserError(stopped, "No epoch was complete, so no model or report was written.");

        var continued = SampleProgram.Run(folder.Path, Train("continued", "--epochs", "1", "--limit", "300", "--lr", "1000000", "--continue-on-nan"));

        Assert.True(continued.ExitCode == 0, continued.ToString());
        var metrics = RunMetrics.Read(Path.Combine(folder.Path, "continued", "metrics.json"));
        Assert.True(double.IsNaN(Assert.Single(metrics.Epochs).TrainLoss));
        Assert.Contains("\"trainLoss\": null", File.ReadAllText(Path.Combine(folder.Path, "continued", "metrics.json")), StringComparison.Ordinal);
    }
}
