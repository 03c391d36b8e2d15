using ModelGen.Data;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>A resume continues its own run: the checkpoint's settings and data, not whatever the command line says now.</summary>
public sealed class ResumeSettingsTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    private static TrainRunRequest Request(string folder, int dataSeed = 4) => new()
    {
        LoadData = (_, _) => ModelRunTests.Pixels(samples: 160, seed: dataSeed, Names),
        OutputFolder = folder,
        Training = new TrainingOptions { SamplePredictions = 2 },
    };

    private static TrainingOptions Original => new() { Epochs = 3, BatchSize = 16, LearningRate = 0.01, Limit = 100, Seed = 7, SamplePredictions = 2 };

    [Fact]
    public void A_resume_without_settings_takes_the_interrupted_runs_own_and_ends_as_the_uninterrupted_run()
    {
        using var whole = new TemporaryFolder();
        using var interrupted = new TemporaryFolder();
        var uninterrupted = ModelRun.Train<TinyClassifier>(Request(whole.Path) with { Training = Original }, new RecordingReporter());

        using (var stop = new CancellationTokenSource())
        {
            var stopping = new RecordingReporter { CheckpointSaved = epoch => stop.Cancel() };
            Assert.ThrowsAny<OperationCanceledException>(
                () => ModelRun.Train<TinyClassifier>(Request(interrupted.Path) with { Training = Original }, stopping, stop.Token));
        }

        var reporter = new RecordingReporter();
        var resumed = ModelRun.Train<TinyClassifier>(
            Request(interrupted.Path) with { Training = new TrainingOptions { Resume = true, SamplePredictions = 2 } }, reporter);

        Assert.Equal(1, reporter.Plan!.ResumeFromEpoch);
        Assert.Equal(100, reporter.Plan.TrainingSamples);
        Assert.Contains("Resuming with the run's own settings: epochs 3, batch size 16, learning rate 0.01, limit 100, seed 7.", reporter.Plan.Notes);
        Assert.Equal(uninterrupted.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.Epochs.Select(e => e.LearningRate), resumed.Epochs.Select(e => e.LearningRate));
        Assert.Equal(uninterrupted.Test.Accuracy, resumed.Test.Accuracy);
    }

    [Fact]
    public void Every_setting_that_conflicts_with_the_checkpoint_is_named_and_the_resume_refused()
    {
        using var folder = new TemporaryFolder();
        ModelRun.Train<TinyClassifier>(Request(folder.Path) with { Training = Original with { Epochs = 1 } }, new RecordingReporter());
        var reporter = new RecordingReporter();
        var conflicting = new TrainingOptions { Resume = true, Epochs = 10, BatchSize = 64, LearningRate = 0.3645, Limit = 150, Seed = 8 };

        var error = Assert.Throws<TrainingSettingsConflictException>(
            () => ModelRun.Train<TinyClassifier>(Request(folder.Path) with { Training = conflicting }, reporter));

        Assert.Equal(
            $"{folder.File(RunFolder.CheckpointFileName)} continues a run that was started with epochs 1, batch size 16, learning rate 0.01, limit 100, seed 7; " +
            "this resume asks for epochs 10 (the run's: 1), batch size 64 (the run's: 16), learning rate 0.3645 (the run's: 0.01), limit 150 (the run's: 100), " +
            "seed 8 (the run's: 7). A resumed run keeps its own settings, so it ends as the uninterrupted run would: leave these out to continue as it started, " +
            "or allow the change explicitly (TrainingOptions.AllowSettingChanges).",
            error.Message);
        Assert.Empty(reporter.Events);
    }

    [Fact]
    public void A_resume_on_other_data_is_refused_and_names_both_fingerprints()
    {
        using var folder = new TemporaryFolder();
        ModelRun.Train<TinyClassifier>(Request(folder.Path) with { Training = Original with { Epochs = 1 } }, new RecordingReporter());

        var error = Assert.Throws<TrainingSettingsConflictException>(() => ModelRun.Train<TinyClassifier>(
            Request(folder.Path, dataSeed: 5) with { Training = new TrainingOptions { Resume = true } }, new RecordingReporter()));

        Assert.Matches(
            "this resume asks for data sha256:[0-9a-f]{16}: 100 training and 40 test samples \\(the run's: sha256:[0-9a-f]{16}: 100 training and 40 test samples\\)",
            error.Message);
        Assert.Equal(1, Persistence.ModelFile.ReadHeader(folder.File(RunFolder.CheckpointFileName)).Epoch);
    }
}
