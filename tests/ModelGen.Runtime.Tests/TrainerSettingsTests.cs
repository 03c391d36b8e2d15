using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Examples.Vision;
using ModelGen.Persistence;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The trainer applies the spec's training settings, takes overrides, and leaves the model and files sound when something fails.</summary>
public sealed class TrainerSettingsTests
{
    /// <summary>
    /// ConvOptions (spec: batch_size 256, normalize mean 0.1307 std 0.3081) on 300 images that are all black or all
    /// white, so the first layer sees exactly two input values.
    /// </summary>
    private static SyntheticData BlackAndWhite()
    {
        using var scope = NewDisposeScope();
        var white = arange(400).remainder(2).to(ScalarType.Byte) * 255;
        var images = white.reshape(400, 1, 1, 1).expand(400, 1, 30, 25).contiguous();
        return SyntheticData.Split(images, arange(400).remainder(2).to(ScalarType.Float32));
    }

    [Fact]
    public void Batch_size_and_normalisation_come_from_the_spec()
    {
        using var data = BlackAndWhite();
        var (batchSizes, inputValues) = TrainOneEpochOfConvOptions(data, new TrainingOptions { Epochs = 1, ProgressInterval = TimeSpan.Zero });

        Assert.Equal([256, 44], batchSizes);
        Assert.Equal((0 - 0.1307) / 0.3081, inputValues.Min, 4);
        Assert.Equal((1 - 0.1307) / 0.3081, inputValues.Max, 4);
    }

    [Fact]
    public void An_overridden_batch_size_is_used_instead()
    {
        using var data = BlackAndWhite();
        var (batchSizes, _) = TrainOneEpochOfConvOptions(data, new TrainingOptions { Epochs = 1, BatchSize = 100, Limit = 250, ProgressInterval = TimeSpan.Zero });

        Assert.Equal([100, 100, 50], batchSizes);
    }

    [Fact]
    public void Progress_is_read_at_its_interval_and_always_after_the_last_batch()
    {
        using var data = BlackAndWhite();
        var (batchSizes, _) = TrainOneEpochOfConvOptions(data, new TrainingOptions { Epochs = 1, BatchSize = 50, ProgressInterval = TimeSpan.FromHours(1) });

        Assert.Equal([300], batchSizes);   // six batches, one report: the running figures are read once
    }

    [Fact]
    public void Optimizer_schedule_and_epochs_come_from_the_spec_with_the_learning_rate_overridable()
    {
        using var data = SyntheticData.For<HousePrices>(samples: 64, seed: 2);
        using var model = new HousePrices();
        using var fromSpec = new Trainer<HousePrices>(model);
        using var overridden = new Trainer<HousePrices>(model, new TrainingOptions { Epochs = 3, LearningRate = 0.02 });

        var history = overridden.Fit(data.Train, data.Test);

        Assert.IsType<TorchSharp.Modules.RMSProp>(fromSpec.Optimizer);                       // rmsprop
        Assert.Equal(50, fromSpec.Epochs);                                                    // epochs: 50
        Assert.Equal(0.001, fromSpec.InitialLearningRate);                                    // lr: 0.001
        Assert.Equal(HousePrices.Training with { Epochs = 3, Optimizer = HousePrices.Training.Optimizer with { LearningRate = 0.02 } }, overridden.Settings);
        Assert.Equal([0.02, 0.02 * 0.95, 0.02 * 0.95 * 0.95], history.Select(e => Math.Round(e.LearningRate, 12)));   // exponential 0.95
    }

    [Fact]
    public void Evaluation_that_fails_midway_restores_the_models_mode_and_gradients()
    {
        using var data = SyntheticImages.Create(samples: 64, seed: 1);
        using var model = new TinyClassifier();
        var failing = new FailingSource(data.Train, failAfter: 1);

        model.train();
        Assert.Throws<IOException>(() => Evaluator.Evaluate(model, failing));
        Assert.True(model.training, "back in train mode after a failed evaluation");
        Assert.True(is_grad_enabled(), "gradients back on");

        model.eval();
        using var trainer = new Trainer<TinyClassifier>(model);
        Assert.Throws<IOException>(() => trainer.TrainPass(failing, epoch: 1));
        Assert.False(model.training, "back in eval mode after a failed training pass");

        model.train();
        Evaluator.Evaluate(model, data.Test);
        Assert.True(model.training, "evaluation leaves a training model training");
    }

    [Fact]
    public void A_model_file_write_that_fails_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.mgm");
        using (var saved = new TinyClassifier())
        {
            ModelFile.Save(saved, path, epoch: 3);
        }

        var before = File.ReadAllBytes(path);
        using var model = new TinyClassifier();
        var optimizer = Optimizers.Create(TinyClassifier.Training.Optimizer, model.parameters());
        optimizer.Dispose();   // its state cannot be written: the write fails after the weights went out

        Assert.Throws<InvalidOperationException>(() => ModelFile.Save(model, path, epoch: 4, optimizer));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(3, ModelFile.ReadHeader(path).Epoch);
        Assert.Equal(["model.mgm"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));

        Directory.CreateDirectory(folder.File("taken.mgm"));   // a folder where the file should go
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Save(model, folder.File("taken.mgm")));
        Assert.StartsWith($"Cannot write the model file {folder.File("taken.mgm")}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["model.mgm"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    private static (List<long> BatchSizes, (double Min, double Max) InputValues) TrainOneEpochOfConvOptions(SyntheticData data, TrainingOptions options)
    {
        manual_seed(1);
        using var model = new ConvOptions();
        var seen = (Min: double.MaxValue, Max: double.MinValue);
        var stem = (nn.Module<Tensor, Tensor>)model.named_children().Single(child => child.name == "stem").module;
        stem.register_forward_pre_hook((_, input) =>
        {
            if (model.training)
            {
                seen = (Math.Min(seen.Min, input.min().item<float>()), Math.Max(seen.Max, input.max().item<float>()));
            }

            return input;
        });
        var observer = new BatchRecorder();
        using var trainer = new Trainer<ConvOptions>(model, options, observer);

        trainer.Fit(data.Train, data.Test);

        return (observer.BatchSizes, seen);
    }

    private sealed class BatchRecorder : ITrainingObserver
    {
        private long _done;

        public List<long> BatchSizes { get; } = [];

        public void BatchCompleted(BatchProgress progress)
        {
            BatchSizes.Add(progress.SamplesDone - _done);
            _done = progress.SamplesDone;
        }
    }

    /// <summary>Serves <c>failAfter</c> batches of a data set, then fails as a broken disk would.</summary>
    private sealed class FailingSource(IDataset data, int failAfter) : IBatchSource
    {
        public long SampleCount => data.Inputs.shape[0];

        public IEnumerable<Batch> Epoch(int epoch)
        {
            var source = new BatchSource(data, batchSize: 8, shuffle: false);
            foreach (var batch in source.Epoch(epoch).Take(failAfter))
            {
                yield return batch;
            }

            throw new IOException("The data disappeared.");
        }
    }
}
