using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Vision;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The trainer, evaluator and model files on small synthetic data that a network can learn.</summary>
public class TrainingTests
{
    [Fact]
    public void Training_on_learnable_data_lowers_the_loss_and_beats_chance()
    {
        using var data = SyntheticImages.Create(samples: 320, seed: 7);
        manual_seed(3);
        using var model = new TinyClassifier();
        using var trainer = new Trainer<TinyClassifier>(model, new TrainingOptions { Epochs = 6, BatchSize = 16, LearningRate = 0.02, Seed = 3 });

        var history = trainer.Fit(data.Train, data.Test);

        Assert.Equal(6, history.Count);
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss * 0.8, $"loss {history[0].TrainLoss} -> {history[^1].TrainLoss}");
        Assert.True(history[^1].TestAccuracy > 0.5, $"test accuracy {history[^1].TestAccuracy} (chance: 0.2)");
    }

    [Fact]
    public void Same_seed_gives_the_same_losses()
    {
        var first = TrainMnistLike(seed: 11, epochs: 2);
        var second = TrainMnistLike(seed: 11, epochs: 2);
        var other = TrainMnistLike(seed: 12, epochs: 2);

        Assert.Equal(first.Select(e => e.TrainLoss), second.Select(e => e.TrainLoss));
        Assert.Equal(first.Select(e => e.TestLoss), second.Select(e => e.TestLoss));
        Assert.NotEqual(first.Select(e => e.TrainLoss), other.Select(e => e.TrainLoss));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_equals_the_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        var uninterrupted = TrainMnistLike(seed: 5, epochs: 3);

        // Interrupt the 3-epoch run once its first checkpoint is written, then resume with new objects: the
        // checkpoint supplies the run's settings, so the resume names none of them.
        Assert.ThrowsAny<OperationCanceledException>(() => TrainMnistLike(seed: 5, epochs: 3, checkpoint: folder.File("checkpoint.mgm"), stopAfterEpoch: 1));
        Assert.Equal(1, ModelFile.ReadHeader(folder.File("checkpoint.mgm")).Epoch);
        var resumed = TrainMnistLike(seed: null, epochs: null, checkpoint: folder.File("checkpoint.mgm"), resume: true);

        Assert.Equal(uninterrupted.Select(e => e.TrainLoss), resumed.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.Select(e => e.TestAccuracy), resumed.Select(e => e.TestAccuracy));
        Assert.Equal(uninterrupted.Select(e => e.LearningRate), resumed.Select(e => e.LearningRate));
    }

    [Fact]
    public void Saved_and_reloaded_model_gives_identical_predictions()
    {
        using var folder = new TemporaryFolder();
        using var data = SyntheticImages.Create(samples: 64, seed: 1);
        manual_seed(9);
        using var model = new TinyClassifier();
        using (var trainer = new Trainer<TinyClassifier>(model, new TrainingOptions { Epochs = 1 }))
        {
            trainer.Fit(data.Train, data.Test);
        }

        ModelFile.Save(model, folder.File("model.mgm"), epoch: 1);
        manual_seed(10);
        using var reloaded = new TinyClassifier();
        var header = ModelFile.Load(reloaded, folder.File("model.mgm"));

        model.eval();
        reloaded.eval();
        using var input = randn(16, 3, 8, 8);
        using var expected = model.forward(input);
        using var actual = reloaded.forward(input);
        Assert.True(expected.eq(actual).all().item<bool>(), "identical outputs after reload");
        Assert.Equal(nameof(TinyClassifier), header.ModelName);
        Assert.Equal(1, header.Epoch);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void Loading_weights_into_another_architecture_fails_clearly()
    {
        using var folder = new TemporaryFolder();
        using var tiny = new TinyClassifier();
        ModelFile.Save(tiny, folder.File("tiny.mgm"));
        using var cifar = new Cifar10Cnn();

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(cifar, folder.File("tiny.mgm")));

        Assert.Contains("holds weights of TinyClassifier", error.Message);
        Assert.Contains("being loaded into Cifar10Cnn", error.Message);
        Assert.Contains(TinyClassifier.ArchitectureHash, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_model_file_fails_clearly()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("notes.txt"), "not weights");
        using var model = new TinyClassifier();

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(model, folder.File("notes.txt")));

        Assert.Contains("not a ModelGen model file", error.Message);
        Assert.Contains("notes.txt", error.Message);
    }

    [Fact]
    public void Live_tensors_stay_flat_across_epochs()
    {
        using var data = SyntheticImages.Create(samples: 128, seed: 2);
        using var model = new TinyClassifier();
        // TorchSharp counts live tensors per thread: batches prepared ahead on a worker thread would be counted there and
        // freed here, so this count covers the training thread's own work (BatchSourceTests covers the worker's batches).
        using var trainer = new Trainer<TinyClassifier>(model, new TrainingOptions { Epochs = 4, PrepareBatchesAhead = false });
        var train = trainer.TrainingBatches(data.Train);
        var test = trainer.EvaluationBatches(data.Test);
        var live = new List<long>();

        for (var epoch = 1; epoch <= 4; epoch++)
        {
            trainer.TrainEpoch(train, test, epoch);
            live.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        // The optimizer's state appears in the first epoch; after that nothing may accumulate.
        Assert.Equal(live[1], live[3]);
    }

    [Fact]
    public void Evaluation_fills_the_confusion_matrix_and_samples()
    {
        using var data = SyntheticImages.Create(samples: 100, seed: 4);
        using var model = new TinyClassifier();

        var result = Evaluator.Evaluate(model, data.Test, new EvaluationOptions { SamplePredictions = 7, Seed = 1 });

        Assert.True(result.IsClassification);
        Assert.Equal(data.Test.Targets.shape[0], result.Confusion.Total);
        Assert.Equal(data.Test.Targets.shape[0], result.SampleCount);
        Assert.Equal(7, result.Samples.Count);
        Assert.All(result.Samples, s => Assert.InRange(s.Score, 0f, 1f));
        Assert.InRange(result.Accuracy!.Value, 0, 1);
        Assert.Null(result.MeanAbsoluteError);
    }

    [Fact]
    public void Evaluation_of_a_sigmoid_output_thresholds_the_probability_itself()
    {
        manual_seed(8);
        using var model = new ConvOptions();
        using var inputs = randn(40, 1, 30, 25);
        using var labels = randint(0, 2, new long[] { 40 }).to(ScalarType.Float32);
        model.eval();
        Tensor probabilities;
        using (no_grad())
        {
            // The spec initialises conv3 to zeros, which makes every output equal: give it random weights, then
            // centre the outputs on 0.5 (shift the last bias by the median's logit), so both answers occur.
            nn.init.normal_(model.state_dict()["conv3.weight"]);
            var median = model.forward(inputs).median().item<float>();
            model.state_dict()["score.bias"].sub_(MathF.Log(median / (1 - median)));
            probabilities = model.forward(inputs).reshape(-1);
        }

        using var _ = probabilities;
        var expectedPositive = probabilities.gt(0.5).sum().item<long>();
        Assert.InRange(expectedPositive, 5, 35);

        var result = Evaluator.Evaluate(model, new TensorDataset(inputs, labels), new EvaluationOptions { SamplePredictions = 40, BatchSize = 16 });

        Assert.Equal(expectedPositive, result.Confusion![0, 1] + result.Confusion[1, 1]);
        Assert.Equal(40 - expectedPositive, result.Confusion[0, 0] + result.Confusion[1, 0]);
        // The score is the probability of the class predicted: p for "1", 1 - p for "0".
        var p = probabilities.data<float>().ToArray();
        Assert.All(result.Samples, s => Assert.Equal(s.PredictedLabel == 1 ? p[s.Index] : 1 - p[s.Index], s.Score, 5));
        Assert.All(result.Samples, s => Assert.InRange(s.Score, 0.5f, 1f));
        Assert.Equal(labels.data<float>().ToArray().Select(l => (int)l), result.Samples.OrderBy(s => s.Index).Select(s => s.TrueLabel));
    }

    [Theory]
    [InlineData(1, 0.005)]
    [InlineData(2, 0.0045)]
    [InlineData(4, 0.0036450000000000002)]
    public void Exponential_schedule_multiplies_by_gamma_per_epoch(int epoch, double expected)
    {
        Assert.Equal(expected, new ExponentialSchedule(0.9).LearningRateAt(0.005, epoch, epochs: 10), precision: 12);
    }

    [Fact]
    public void Step_and_cosine_schedules_follow_pytorch()
    {
        Assert.Equal(0.1, new StepSchedule(2, 0.5).LearningRateAt(0.1, 2, 10), precision: 12);
        Assert.Equal(0.05, new StepSchedule(2, 0.5).LearningRateAt(0.1, 3, 10), precision: 12);
        Assert.Equal(0.1, new CosineSchedule(null, 0).LearningRateAt(0.1, 1, 10), precision: 12);
        Assert.Equal(0.05, new CosineSchedule(null, 0).LearningRateAt(0.1, 6, 10), precision: 12);
        Assert.Equal(0.0, new CosineSchedule(10, 0).LearningRateAt(0.1, 11, 20), precision: 12);
    }

    private static IReadOnlyList<EpochMetrics> TrainMnistLike(int? seed, int? epochs, string? checkpoint = null, bool resume = false, int? stopAfterEpoch = null)
    {
        using var data = SyntheticVectors.Create(samples: 256, features: 784, classes: 10, seed: 21);
        manual_seed(seed ?? 0);
        using var model = new MnistMlp();
        using var stop = new CancellationTokenSource();
        var observer = new StopAfter(stopAfterEpoch, stop);
        using var trainer = new Trainer<MnistMlp>(
            model, new TrainingOptions { Epochs = epochs, BatchSize = resume ? null : 32, Seed = seed, CheckpointPath = checkpoint, Resume = resume }, observer);
        return trainer.Fit(data.Train, data.Test, stop.Token).ToList();
    }

    /// <summary>Cancels training once the checkpoint of <paramref name="epoch"/> is written, as an interruption would.</summary>
    private sealed class StopAfter(int? epoch, CancellationTokenSource stop) : ITrainingObserver
    {
        public void CheckpointSaved(int saved, string path)
        {
            if (saved == epoch)
            {
                stop.Cancel();
            }
        }
    }
}
