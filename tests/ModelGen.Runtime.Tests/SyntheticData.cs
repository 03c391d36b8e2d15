using ModelGen.Data;

namespace ModelGen.Runtime.Tests;

/// <summary>A training and a test split held in memory; owns the four tensors.</summary>
internal sealed class SyntheticData : IDisposable
{
    private SyntheticData(TensorDataset train, TensorDataset test)
    {
        Train = train;
        Test = test;
    }

    public TensorDataset Train { get; }

    public TensorDataset Test { get; }

    /// <summary>The first three quarters of the samples for training, the rest for testing.</summary>
    public static SyntheticData Split(Tensor inputs, Tensor targets)
    {
        var count = inputs.shape[0];
        var split = count * 3 / 4;
        return new SyntheticData(
            new TensorDataset(Keep(inputs[..(int)split]), Keep(targets[..(int)split])),
            new TensorDataset(Keep(inputs[(int)split..]), Keep(targets[(int)split..])));
    }

    /// <summary>
    /// Random data shaped for <typeparamref name="TModel"/> as its spec says: uint8 images when the input is
    /// [C, H, W], float features otherwise; targets as its output kind needs them (class indices, 0/1 values, or
    /// real values).
    /// </summary>
    public static SyntheticData For<TModel>(int samples, int seed)
        where TModel : IGeneratedModel
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var inputShape = new long[] { samples }.Concat(TModel.InputShape).ToArray();
        var inputs = TModel.InputShape.Length == 3
            ? randint(0, 256, inputShape, dtype: ScalarType.Byte, generator: generator)
            : randn(inputShape, generator: generator);
        var outputSize = TModel.OutputShape.Aggregate(1L, (product, size) => product * size);
        var valueShape = outputSize == 1 ? new long[] { samples } : new long[] { samples }.Concat(TModel.OutputShape).ToArray();
        var targets = TModel.OutputKind switch
        {
            ModelOutputKind.Probabilities or ModelOutputKind.Logits or ModelOutputKind.LogProbabilities =>
                randint(0, TModel.OutputShape[^1], new long[] { samples }, generator: generator),
            ModelOutputKind.Sigmoid => rand(valueShape, generator: generator).gt(0.5).to(ScalarType.Float32),
            ModelOutputKind.Regression => randn(valueShape, generator: generator),
            _ => throw new NotSupportedException($"No synthetic targets for {TModel.OutputKind} yet: add them here."),
        };
        return Split(inputs, targets);
    }

    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
    }

    private static Tensor Keep(Tensor view) => view.clone().DetachFromDisposeScope();
}

/// <summary>3x8x8 images whose class (0-4) decides which quadrant/channel is bright: learnable by TinyClassifier.</summary>
internal static class SyntheticImages
{
    public static SyntheticData Create(int samples, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var labels = randint(0, 5, new long[] { samples }, generator: generator);
        var images = randn(new long[] { samples, 3, 8, 8 }, generator: generator) * 0.3f;
        var values = labels.data<long>().ToArray();
        for (var i = 0; i < samples; i++)
        {
            var label = values[i];
            var channel = label % 3;
            var rows = label < 3 ? (0, 4) : (4, 8);
            images[i, channel, TensorIndex.Slice(rows.Item1, rows.Item2)] += 2f;
        }

        return SyntheticData.Split(images, labels);
    }
}

/// <summary>Feature vectors whose class is encoded by a class-specific mean: learnable by MnistMlp.</summary>
internal static class SyntheticVectors
{
    public static SyntheticData Create(int samples, int features, int classes, int seed)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var labels = randint(0, classes, new long[] { samples }, generator: generator);
        var means = randn(new long[] { classes, features }, generator: generator);
        var inputs = means.index_select(0, labels) + randn(new long[] { samples, features }, generator: generator);
        return SyntheticData.Split(inputs, labels);
    }
}
