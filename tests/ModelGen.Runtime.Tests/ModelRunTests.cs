using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Whole runs: train, save, reload, evaluate, report; resume; evaluate a saved model.</summary>
public sealed class ModelRunTests
{
    /// <summary>TinyClassifier's learnable images as raw pixels, the way image data sets come.</summary>
    internal static RunData Pixels(int samples, int seed, string[] classNames)
    {
        using var features = SyntheticImages.Create(samples, seed);
        using var scope = NewDisposeScope();
        var images = (cat([features.Train.Inputs, features.Test.Inputs]) * 40 + 128).clamp(0, 255).to(ScalarType.Byte);
        var pixels = SyntheticData.Split(images, cat([features.Train.Targets, features.Test.Targets]));
        return new RunData(pixels.Train, pixels.Test, classNames, "synthetic", owner: pixels);
    }

    [Fact]
    public void A_training_run_saves_reloads_evaluates_and_reports_then_resumes_and_the_model_evaluates_alike()
    {
        using var folder = new TemporaryFolder();
        string[] names = ["a", "b", "c", "d", "e"];
        var first = new RecordingReporter();
        var request = new TrainRunRequest
        {
            LoadData = (_, _) => Pixels(samples: 160, seed: 4, names),
            OutputFolder = folder.Path,
            Training = new TrainingOptions { Epochs = 2, Seed = 3, SamplePredictions = 6 },
        };

        var outcome = ModelRun.Train<TinyClassifier>(request, first);

        Assert.Equal(["load", "plan", "train", "finished"], first.Events);
        Assert.Null(first.Plan!.ResumeFromEpoch);
        Assert.Equal(120, first.Plan.TrainingSamples);
        Assert.True(first.Plan.ImageInputs);
        Assert.Equal(2, outcome.Epochs.Count);
        Assert.Equal(Path.Combine(folder.Path, RunFolder.ModelFileName), outcome.ModelPath);
        Assert.Equal(2, ModelFile.ReadHeader(outcome.ModelPath!).Epoch);
        Assert.Equal(2, ModelFile.ReadHeader(Path.Combine(folder.Path, RunFolder.CheckpointFileName)).Epoch);
        Assert.Equal(names, outcome.Test.Confusion!.ClassNames);
        Assert.Equal(40, outcome.Test.SampleCount);
        Assert.Equal(6, outcome.TrainingPictures.Count);
        Assert.Equal(outcome.Test.Samples.Select(s => s.Index).Order(), outcome.TestPictures.Select(p => p.Index).Order());
        Assert.All(outcome.TestPictures, p => Assert.Equal(3 * 8 * 8, p.ChwPixels.Length));
        // The final evaluation is of the reloaded model, and gives what the last epoch's evaluation gave.
        Assert.Equal(outcome.Epochs[^1].TestAccuracy, outcome.Test.Accuracy);
        Assert.Contains(new KeyValuePair<string, string>("Batch size", "32"), outcome.Details);   // the spec's

        // Training on past the run's own epochs changes the run: refused unless asked for explicitly.
        var conflict = Assert.Throws<TrainingSettingsConflictException>(
            () => ModelRun.Train<TinyClassifier>(request with { Training = request.Training with { Epochs = 3, Resume = true } }, new RecordingReporter()));
        Assert.Contains("this resume asks for epochs 3 (the run's: 2)", conflict.Message, StringComparison.Ordinal);

        var resumed = new RecordingReporter();
        var more = ModelRun.Train<TinyClassifier>(
            request with { Training = request.Training with { Epochs = 3, Resume = true, AllowSettingChanges = true } }, resumed);

        Assert.Equal(2, resumed.Plan!.ResumeFromEpoch);
        Assert.Contains("Changed on purpose, as allowed: epochs 3 (the run's: 2).", resumed.Plan.Notes);
        Assert.Equal(outcome.Epochs, more.Epochs.Take(2));
        Assert.Equal(3, more.Epochs.Count);

        var evaluation = new RecordingReporter();
        var evaluated = ModelRun.Evaluate<TinyClassifier>(
            new EvaluateRunRequest { ModelPath = more.ModelPath!, LoadData = request.LoadData, Evaluation = new EvaluationOptions { SamplePredictions = 6, Seed = 3 } },
            evaluation);

        Assert.Equal(["model", "load", "finished"], evaluation.Events);
        Assert.Null(evaluated.ModelPath);
        Assert.Empty(evaluated.Epochs);
        Assert.Equal(Path.Combine(folder.Path, RunFolder.EvaluationFolderName), evaluated.OutputFolder);
        Assert.Equal(more.Test.Accuracy, evaluated.Test.Accuracy);
        Assert.Equal(more.Test.Loss, evaluated.Test.Loss, 6);
    }

    [Fact]
    public void Data_that_does_not_fit_stops_the_run_before_its_folder_is_made()
    {
        using var folder = new TemporaryFolder();
        var request = new TrainRunRequest
        {
            LoadData = (_, _) => new RunData(
                new TensorDataset(zeros(4, 13), zeros(4, dtype: ScalarType.Int64)), new TensorDataset(zeros(4, 13), zeros(4, dtype: ScalarType.Int64))),
            OutputFolder = folder.File("run"),
        };

        var error = Assert.Throws<DatasetException>(() => ModelRun.Train<TinyClassifier>(request, new RecordingReporter()));

        Assert.StartsWith("The training data does not fit TinyClassifier: TinyClassifier expects input shaped [N, 3, 8, 8]", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Fact]
    public void Evaluating_a_model_file_that_does_not_exist_says_which()
    {
        var missing = Path.Combine(Path.GetTempPath(), "modelgen-no-such-folder", "model.mgm");
        var request = new EvaluateRunRequest { ModelPath = missing, LoadData = (_, _) => throw new InvalidOperationException("not reached") };

        var error = Assert.Throws<RunException>(() => ModelRun.Evaluate<TinyClassifier>(request, new RecordingReporter()));

        Assert.Equal($"The model file {missing} does not exist.", error.Message);
    }
}
