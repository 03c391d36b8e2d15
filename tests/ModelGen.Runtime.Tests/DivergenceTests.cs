using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>A loss that becomes NaN or infinite: the run stops and keeps its last complete epoch, or goes on if asked.</summary>
public sealed class DivergenceTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    /// <summary>TinyClassifier's learnable images as float features; with <paramref name="poisoned"/>, one NaN in the first training image.</summary>
    private static RunData Features(bool poisoned)
    {
        var data = SyntheticImages.Create(samples: 80, seed: 4);
        if (poisoned)
        {
            data.Train.Inputs[0, 0, 0, 0] = tensor(float.NaN);
        }

        return new RunData(data.Train, data.Test, Names, "synthetic", owner: data);
    }

    [Fact]
    public void A_run_that_diverges_keeps_the_last_complete_epoch_its_model_and_report_and_says_so()
    {
        using var folder = new TemporaryFolder();
        var request = new TrainRunRequest
        {
            LoadData = (_, _) => Features(poisoned: false),
            OutputFolder = folder.Path,
            Training = new TrainingOptions { Epochs = 1, Seed = 3, SamplePredictions = 2 },
        };
        var first = ModelRun.Train<TinyClassifier>(request, new RecordingReporter());

        // Epoch 2 meets a NaN in its data: its first batch's loss is NaN.
        var reporter = new RecordingReporter();
        var diverging = request with
        {
            LoadData = (_, _) => Features(poisoned: true),
            Training = request.Training with { Epochs = 2, Resume = true, AllowSettingChanges = true },
        };
        var error = Assert.Throws<RunException>(() => ModelRun.Train<TinyClassifier>(diverging, reporter));

        Assert.StartsWith("Training diverged in epoch 2: the training loss became NaN (learning rate 0.001), so training stopped.", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $"The run kept what epochs 1 to 1 made: {folder.File(RunFolder.CheckpointFileName)}, {folder.File(RunFolder.ModelFileName)} and the report in {folder.Path}.",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(1, ModelFile.ReadHeader(folder.File(RunFolder.CheckpointFileName)).Epoch);
        Assert.Equal(1, ModelFile.ReadHeader(folder.File(RunFolder.ModelFileName)).Epoch);
        Assert.Equal(["load", "plan", "train", "finished"], reporter.Events);
        Assert.Empty(Directory.GetFiles(folder.Path, ".*.tmp"));
        Assert.Equal(first.Epochs, TrainingCheckpoint.ReadHistory(folder.File(RunFolder.CheckpointFileName)));
    }

    [Fact]
    public void A_run_that_diverges_in_its_first_epoch_says_nothing_was_complete()
    {
        using var folder = new TemporaryFolder();
        var request = new TrainRunRequest
        {
            LoadData = (_, _) => Features(poisoned: true),
            OutputFolder = folder.Path,
            Training = new TrainingOptions { Epochs = 2, Seed = 3 },
        };

        var error = Assert.Throws<RunException>(() => ModelRun.Train<TinyClassifier>(request, new RecordingReporter()));

        Assert.Equal(
            "Training diverged in epoch 1: the training loss became NaN (learning rate 0.001), so training stopped. Lower the learning rate, " +
            "or check the data for NaN or infinite values. No epoch was complete, so no model or report was written.",
            error.Message);
        Assert.False(File.Exists(folder.File(RunFolder.CheckpointFileName)));
    }

    [Fact]
    public void Asked_to_continue_training_records_the_non_finite_losses_and_checkpoints_them()
    {
        using var folder = new TemporaryFolder();
        using var data = Features(poisoned: true);
        manual_seed(3);
        using var model = new TinyClassifier();
        var options = new TrainingOptions { Epochs = 2, Seed = 3, CheckpointPath = folder.File("checkpoint.mgm"), OnNonFiniteLoss = NonFiniteLossAction.Continue };
        using var trainer = new Trainer<TinyClassifier>(model, options);

        var history = trainer.Fit(data.Train, data.Test);

        Assert.Equal(2, history.Count);
        Assert.All(history, epoch => Assert.True(double.IsNaN(epoch.TrainLoss)));
        var saved = TrainingCheckpoint.ReadHistory(folder.File("checkpoint.mgm"));
        Assert.Equal(2, saved.Count);
        Assert.True(double.IsNaN(saved[1].TrainLoss));
    }
}
