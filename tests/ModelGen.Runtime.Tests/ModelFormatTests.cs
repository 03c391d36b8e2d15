using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Formats;
using ModelGen.Persistence;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// Models opened for inference (<see cref="IInferenceModel"/>) and formats besides .mgm (<see cref="IModelFormat"/>):
/// evaluation and prediction through them agree with the TorchSharp path, and runs write and open formats by
/// extension. A stand-in format (a .mgm under another extension, recording its calls) keeps these tests free of any
/// real exporter.
/// </summary>
public sealed class ModelFormatTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    [Fact]
    public void Evaluating_a_model_opened_for_inference_gives_the_metrics_of_evaluating_the_model()
    {
        using var folder = new TemporaryFolder();
        using var data = ModelRunTests.Pixels(samples: 320, seed: 7, Names);
        manual_seed(3);
        using var model = new TinyClassifier();
        using (var trainer = new Trainer<TinyClassifier>(model, new TrainingOptions { Epochs = 6, BatchSize = 16, LearningRate = 0.02, Seed = 3 }))
        {
            trainer.Fit(data.Train, data.Test);
        }

        ModelFile.Save(model, folder.File("model.mgm"));
        using var opened = TorchSharpInferenceModel<TinyClassifier>.Open(folder.File("model.mgm"));
        var options = new EvaluationOptions { BatchSize = 16, SamplePredictions = 5, Seed = 2 };

        var expected = Evaluator.Evaluate(model, data.Test, options);
        var actual = Evaluator.Evaluate<TinyClassifier>(opened, data.Test, options);

        Assert.Equal(expected.Accuracy, actual.Accuracy);
        Assert.Equal(Cells(expected.Confusion!), Cells(actual.Confusion!));
        Assert.Equal(expected.Samples.Select(p => (p.Index, p.TrueLabel, p.PredictedLabel)), actual.Samples.Select(p => (p.Index, p.TrueLabel, p.PredictedLabel)));
        Assert.All(expected.Samples.Zip(actual.Samples), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 5));
        // TinyClassifier ends with softmax and is trained with categorical cross-entropy: from forward's probabilities
        // the loss is -log p, equal to the fused loss on the logits up to rounding.
        Assert.Equal(expected.Loss, actual.Loss, 4);
        Assert.True(actual.Accuracy > 0.5, $"accuracy {actual.Accuracy}: the model did not learn, so agreement proves little");
    }

    [Fact]
    public void A_regression_model_opened_for_inference_evaluates_to_the_same_errors_and_cannot_predict_classes()
    {
        using var folder = new TemporaryFolder();
        using var data = SyntheticData.For<HousePrices>(samples: 64, seed: 5);
        manual_seed(5);
        using var model = new HousePrices();
        ModelFile.Save(model, folder.File("model.mgm"));
        using var opened = TorchSharpInferenceModel<HousePrices>.Open(folder.File("model.mgm"));

        var expected = Evaluator.Evaluate(model, data.Test);
        var actual = Evaluator.Evaluate<HousePrices>(opened, data.Test);

        Assert.Equal(expected.MeanSquaredError!.Value, actual.MeanSquaredError!.Value, 5);
        Assert.Equal(expected.MeanAbsoluteError!.Value, actual.MeanAbsoluteError!.Value, 5);
        var error = Assert.Throws<InvalidOperationException>(() => Evaluator.Predict<HousePrices>(opened, data.Test.Inputs));
        Assert.Contains("HousePrices does not predict one class per input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prediction_is_the_most_probable_class_of_forward_with_its_probability()
    {
        using var folder = new TemporaryFolder();
        using var data = ModelRunTests.Pixels(samples: 40, seed: 6, Names);
        manual_seed(6);
        using var model = new TinyClassifier();
        ModelFile.Save(model, folder.File("model.mgm"));
        using var opened = TorchSharpInferenceModel<TinyClassifier>.Open(folder.File("model.mgm"));
        using var images = data.Test.Inputs;

        var predictions = Evaluator.Predict<TinyClassifier>(opened, images);

        using var probabilities = opened.Forward(images);
        var (best, classes) = probabilities.max(1);
        Assert.Equal(classes.data<long>().ToArray().Select(c => (int)c), predictions.Select(p => p.Class));
        // Through log and softmax again (OutputsFromForward), so equal up to float rounding.
        Assert.All(best.data<float>().ToArray().Zip(predictions), pair => Assert.Equal(pair.First, pair.Second.Probability, 5));
    }

    [Fact]
    public void Runs_write_the_formats_asked_for_and_open_model_files_by_their_extension()
    {
        using var folder = new TemporaryFolder();
        var format = new CopyFormat();
        var loadData = (Func<IProgress<Data.DownloadProgress>, CancellationToken, RunData>)((_, _) => ModelRunTests.Pixels(samples: 80, seed: 7, Names));

        var trained = ModelRun.Train<TinyClassifier>(
            new TrainRunRequest { LoadData = loadData, OutputFolder = folder.Path, Training = new TrainingOptions { Epochs = 1, Seed = 7 }, Exports = [format] },
            new RecordingReporter());
        var copy = folder.File("model.copy");
        var evaluated = ModelRun.Evaluate<TinyClassifier>(
            new EvaluateRunRequest { ModelPath = copy, LoadData = loadData, Formats = [format], OutputFolder = folder.File("evaluation") },
            new RecordingReporter());
        var predicted = ModelRun.Predict<TinyClassifier>(
            new PredictRunRequest { ModelPath = copy, LoadData = loadData, Formats = [format], TestIndices = [3, 0] },
            new RecordingReporter());

        Assert.Equal([copy], trained.ExportPaths);
        Assert.Equal(["write model.copy (1 epochs, 5 class names)", "open model.copy", "open model.copy"], format.Calls);
        Assert.Equal(trained.Test.Accuracy, evaluated.Test.Accuracy);
        Assert.Equal([3, 0], predicted.Predictions.Select(p => p.Index));
        Assert.Equal(Names, predicted.ClassNames);
    }

    [Fact]
    public void Predicting_a_sample_outside_the_test_split_names_the_range()
    {
        using var folder = new TemporaryFolder();
        using var model = new TinyClassifier();
        ModelFile.Save(model, folder.File("model.mgm"));
        var request = new PredictRunRequest
        {
            ModelPath = folder.File("model.mgm"),
            LoadData = (_, _) => ModelRunTests.Pixels(samples: 40, seed: 1, Names),
            TestIndices = [0, 10],
        };

        var error = Assert.Throws<RunException>(() => ModelRun.Predict<TinyClassifier>(request, new RecordingReporter()));

        Assert.Equal("Test-set index 10 does not exist: the test split has 10 samples (0-9).", error.Message);
    }

    [Fact]
    public void Opening_a_missing_model_file_names_it()
    {
        var error = Assert.Throws<ModelFileException>(() => ModelFormats.Open<TinyClassifier>("/nowhere/model.mgm", []));

        Assert.Equal("The model file /nowhere/model.mgm does not exist.", error.Message);
    }

    private static long[] Cells(ConfusionMatrix matrix) =>
        Enumerable.Range(0, matrix.ClassCount).SelectMany(actual => Enumerable.Range(0, matrix.ClassCount).Select(predicted => matrix[actual, predicted])).ToArray();

    /// <summary>A format that is a .mgm file under the extension .copy, and records what it is asked to do.</summary>
    private sealed class CopyFormat : IModelFormat
    {
        public List<string> Calls { get; } = [];

        public string Name => "copy";

        public string RunFileName => "model.copy";

        public bool Handles(string path) => Path.GetExtension(path) == ".copy";

        public void Write<TModel>(TModel model, string path, ModelExportInfo info)
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
        {
            Calls.Add($"write {Path.GetFileName(path)} ({info.Epoch} epochs, {info.ClassNames?.Count} class names)");
            ModelFile.Save(model, path, info.Epoch);
        }

        public IInferenceModel Open<TModel>(string path)
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
        {
            Calls.Add($"open {Path.GetFileName(path)}");
            return typeof(TModel) == typeof(TinyClassifier)
                ? TorchSharpInferenceModel<TinyClassifier>.Open(path)
                : throw new NotSupportedException("The stand-in format opens TinyClassifier only.");
        }
    }
}
