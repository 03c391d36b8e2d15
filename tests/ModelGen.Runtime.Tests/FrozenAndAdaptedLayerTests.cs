using ModelGen.Architecture;
using ModelGen.Data;
using ModelGen.Examples.Vision;
using ModelGen.Modules;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// Frozen parameters (batch_norm scale: false / center: false, whitening's filters), the rescaling module, and the
/// whitening layer's adaptation to the training data: computed by PatchWhitening, by the trainer before a fresh run's
/// first epoch and not on resume.
/// </summary>
public sealed class FrozenAndAdaptedLayerTests
{
    [Fact]
    public void Parameter_counts_are_what_the_module_holds_and_trains()
    {
        using var fast = new Cifar10Fast();
        using var options = new ConvOptions();

        Assert.Equal(Cifar10Fast.ParameterCount, fast.parameters().Sum(p => p.numel()));
        Assert.Equal(Cifar10Fast.TrainableParameterCount, fast.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        Assert.Equal(Cifar10Fast.ParameterCount - 1_440, Cifar10Fast.TrainableParameterCount);     // 288 filters, 6 x batch-norm weights
        Assert.Equal(ConvOptions.ParameterCount, options.parameters().Sum(p => p.numel()));
        Assert.Equal(ConvOptions.ParameterCount - 8, ConvOptions.TrainableParameterCount);          // batchNorm1's 8 biases
        Assert.Equal(ConvOptions.TrainableParameterCount, options.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
        Assert.Equal(Cifar10Fast.TrainableParameterCount, Cifar10Fast.Architecture.TrainableParameterCount);
        Assert.Equal(ConvOptions.TrainableParameterCount, ConvOptions.Architecture.TrainableParameterCount);
    }

    [Fact]
    public void Summary_counts_trainable_and_non_trainable_parameters_as_Keras()
    {
        Assert.Contains("Total params: 1,972,792\nTrainable params: 1,971,352\nNon-trainable params: 1,440\n", Cifar10Fast.Summary, StringComparison.Ordinal);
        Assert.Contains("Trainable params: 1,084,234\nNon-trainable params: 0\n", Cifar10Cnn.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Architecture_describes_the_new_layers_and_settings()
    {
        var layers = Cifar10Fast.Architecture.Layers;
        var whitening = Assert.IsType<WhiteningLayer>(layers[0]);
        Assert.Equal((new Size2(2, 2), 0.0005, 5000L, 3L, 24L), (whitening.Kernel, whitening.Epsilon, whitening.Images, whitening.InChannels, whitening.Filters));
        Assert.Equal(new Shape(24, 31, 31), whitening.OutputShape);
        Assert.Equal((312L, 288L, 24L), (whitening.ParameterCount, whitening.FrozenParameterCount, whitening.TrainableParameterCount));
        var norm = layers.OfType<BatchNormLayer>().First();
        Assert.Equal((0.4, 1e-12, false, true, 64L), (norm.Momentum, norm.Epsilon, norm.Scale, norm.Center, norm.FrozenParameterCount));
        var rescaling = Assert.IsType<RescalingLayer>(layers[^1]);
        Assert.Equal((0.1111, 0.0, "rescaling"), (rescaling.Scale, rescaling.Offset, rescaling.Type));
        Assert.Equal(new Shape(1, 1), new Shape(layers[^4].OutputShape[1], layers[^4].OutputShape[2]));
    }

    [Fact]
    public void Rescaling_multiplies_then_adds()
    {
        using var scaled = new Rescaling(0.5);
        using var shifted = new Rescaling(2, offset: -1);
        var x = tensor(new float[] { -2, 0, 3 });

        Assert.Equal(new float[] { -1, 0, 1.5f }, scaled.forward(x).data<float>().ToArray());
        Assert.Equal(new float[] { -5, -1, 5 }, shifted.forward(x).data<float>().ToArray());
        Assert.Empty(shifted.parameters());
    }

    [Fact]
    public void Whitening_filters_decorrelate_the_patches_they_were_computed_from()
    {
        using var scope = NewDisposeScope();
        var images = SmoothImages(300, seed: 5);
        const double Epsilon = 5e-4;

        var filters = PatchWhitening.Filters(images, 2, 2, Epsilon);

        Assert.Equal(new long[] { 24, 3, 2, 2 }, filters.shape);
        Assert.Equal(ScalarType.Float32, filters.dtype);
        var first = filters[..12].reshape(12, 12).to_type(ScalarType.Float64);
        Assert.True(filters[12..].reshape(12, 12).to_type(ScalarType.Float64).add(first).abs().max().item<double>() == 0, "the second half is not the negated first half");

        // The patches' covariance, computed independently of the library: whitened, it is diag(lambda / (lambda + eps)).
        var patches = images.to_type(ScalarType.Float64).unfold(2, 2, 1).unfold(3, 2, 1).permute(0, 2, 3, 1, 4, 5).reshape(-1, 12);
        var covariance = patches.t().matmul(patches) / patches.shape[0];
        var whitened = first.matmul(covariance).matmul(first.t());
        var eigenvalues = linalg.eigvalsh(covariance).flip(0);
        var expected = eigenvalues / (eigenvalues + Epsilon);
        Assert.True((whitened - diag(expected)).abs().max().item<double>() < 1e-4, $"whitened covariance is not diagonal");
        Assert.True(expected.min().item<double>() > 0.5, "the test images should have no tiny eigenvalue, or the check above proves little");

        // Canonical signs: each filter's largest-magnitude weight is positive.
        var largest = first.abs().argmax(1, keepdim: true);
        Assert.True(first.gather(1, largest).gt(0).all().item<bool>());

        // The same images give the same filters, whatever the chunking inside (300 images: two chunks).
        Assert.Equal(0, (PatchWhitening.Filters(images, 2, 2, Epsilon) - filters).abs().max().item<float>());
    }

    [Fact]
    public void Whitening_rejects_images_smaller_than_the_kernel()
    {
        var error = Assert.Throws<ArgumentException>(() => PatchWhitening.Filters(zeros(2, 3, 1, 1), 2, 2, 5e-4));

        Assert.Contains("[2, 3, 1, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_run_adapts_the_whitening_filters_to_the_first_training_images_and_training_leaves_them_frozen()
    {
        using var data = SyntheticData.For<Cifar10Fast>(samples: 48, seed: 3);
        manual_seed(1);
        using var model = new Cifar10Fast();
        var initialBias = Weights(model, "whiten1.bias");
        using var trainer = new Trainer<Cifar10Fast>(model, new TrainingOptions { Epochs = 1, BatchSize = 16 });

        trainer.Fit(data.Train, data.Test);

        // The trainer's source normalises the first (unshuffled) training images as every batch: the filters come from them.
        var expected = PatchWhitening.Filters(Cifar10Fast.Training.Normalization.Normalize(data.Train.Inputs), 2, 2, 0.0005);
        Assert.True((Weights(model, "whiten1.weight") - expected).abs().max().item<float>() < 1e-6, "the filters are not those of the first training images");
        Assert.True((Weights(model, "whiten1.bias") - initialBias).abs().max().item<float>() > 0, "the whitening bias did not train");
        foreach (var name in new[] { "batchNorm1", "batchNorm6" })
        {
            Assert.True(Weights(model, name + ".weight").eq(1).all().item<bool>(), $"{name}.weight moved from 1 (scale: false)");
            Assert.True(Weights(model, name + ".bias").abs().max().item<float>() > 0, $"{name}.bias did not train");
        }

        Assert.Equal(Cifar10Fast.TrainableParameterCount, trainer.Optimizer.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void A_resumed_run_keeps_the_filters_of_its_checkpoint()
    {
        using var folder = new TemporaryFolder();
        var checkpoint = folder.File("checkpoint.mgm");
        using var first = SyntheticData.For<Cifar10Fast>(samples: 24, seed: 3);
        using var other = SyntheticData.For<Cifar10Fast>(samples: 24, seed: 4);
        manual_seed(1);
        using (var model = new Cifar10Fast())
        using (var trainer = new Trainer<Cifar10Fast>(model, new TrainingOptions { Epochs = 1, BatchSize = 9, CheckpointPath = checkpoint }))
        {
            trainer.Fit(first.Train, first.Test);
        }

        using var resumed = new Cifar10Fast();
        using var resumedTrainer = new Trainer<Cifar10Fast>(resumed, new TrainingOptions { Epochs = 2, BatchSize = 9, CheckpointPath = checkpoint, Resume = true, AllowSettingChanges = true });
        resumedTrainer.Fit(other.Train, other.Test);

        var firstFilters = PatchWhitening.Filters(Cifar10Fast.Training.Normalization.Normalize(first.Train.Inputs), 2, 2, 0.0005);
        var otherFilters = PatchWhitening.Filters(Cifar10Fast.Training.Normalization.Normalize(other.Train.Inputs), 2, 2, 0.0005);
        Assert.True((firstFilters - otherFilters).abs().max().item<float>() > 1e-3, "the two data sets should give different filters");
        Assert.True((Weights(resumed, "whiten1.weight") - firstFilters).abs().max().item<float>() < 1e-6, "a resumed run recomputed the filters");
        Assert.Equal(2, resumedTrainer.History.Count);
    }

    [Fact]
    public void Models_without_data_adapted_layers_do_not_adapt()
    {
        using var data = SyntheticData.For<Cifar10Cnn>(samples: 8, seed: 3);
        using var model = new Cifar10Cnn();
        using var trainer = new Trainer<Cifar10Cnn>(model, new TrainingOptions { Epochs = 1 });

        Assert.False(trainer.AdaptToData(trainer.TrainingBatches(data.Train)));
        Assert.IsNotAssignableFrom<IDataAdaptedModel>(model);
        using var fast = new Cifar10Fast();
        Assert.Equal(5000, ((IDataAdaptedModel)fast).AdaptationSampleCount);
    }

    [Fact]
    public void First_inputs_are_the_stored_order_normalised_even_when_batches_are_shuffled()
    {
        using var data = SyntheticData.For<Cifar10Fast>(samples: 40, seed: 7);
        var normalization = Cifar10Fast.Training.Normalization;
        var source = new BatchSource(data.Train, batchSize: 4, shuffle: true, seed: 3, limit: 20, normalization: normalization);
        IBatchSource custom = new EpochOnlySource(source);

        var first = source.FirstInputs(6);
        var all = source.FirstInputs(1_000);
        var fromEpoch = custom.FirstInputs(6);

        Assert.Equal(0, (first - normalization.Normalize(data.Train.Inputs[..6])).abs().max().item<float>());
        Assert.Equal(20, all.shape[0]);
        var order = source.GetOrder(1).Take(6).ToArray();
        Assert.Equal(0, (fromEpoch - normalization.Normalize(data.Train.Inputs.index_select(0, tensor(order)))).abs().max().item<float>());
    }

    /// <summary>Smooth random images (neighbouring pixels correlated, channels of different scales): distinct eigenvalues.</summary>
    private static Tensor SmoothImages(int count, int seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var noise = randn(new long[] { count, 3, 18, 18 }, generator: generator, dtype: ScalarType.Float32);
        var smooth = nn.functional.avg_pool2d(noise, 3, stride: 1);
        return smooth * tensor(new float[] { 1.0f, 0.6f, 0.3f }).view(1, 3, 1, 1) + 0.2f;
    }

    private static Tensor Weights(nn.Module model, string name) => model.state_dict()[name].detach().clone();

    /// <summary>A source that implements only what IBatchSource requires, so FirstInputs is the interface's default.</summary>
    private sealed class EpochOnlySource(BatchSource inner) : IBatchSource
    {
        public long SampleCount => ((IBatchSource)inner).SampleCount;

        public IEnumerable<Batch> Epoch(int epoch) => inner.Epoch(epoch);
    }
}
