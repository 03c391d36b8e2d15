using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>A batch source over in-memory float inputs and int64 labels, in a fixed or seeded order.</summary>
internal sealed class TensorBatchSource : IBatchSource, IDisposable
{
    private readonly Tensor inputs;
    private readonly Tensor labels;
    private readonly int batchSize;
    private readonly int? shuffleSeed;

    public TensorBatchSource(Tensor inputs, Tensor labels, int batchSize, int? shuffleSeed)
    {
        this.inputs = inputs.DetachFromDisposeScope();
        this.labels = labels.DetachFromDisposeScope();
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
    }

    public long SampleCount => labels.shape[0];

    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, (int)SampleCount).Select(i => (long)i).ToArray();
        if (shuffleSeed is { } seed)
        {
            new Random(HashCode.Combine(seed, epoch)).Shuffle(order);
        }

        for (var start = 0; start < order.Length; start += batchSize)
        {
            var indexes = tensor(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray());
            yield return new Batch(inputs.index_select(0, indexes), labels.index_select(0, indexes));
        }
    }

    public void Dispose()
    {
        inputs.Dispose();
        labels.Dispose();
    }
}

/// <summary>A train/test pair of batch sources.</summary>
internal sealed class SyntheticData : IDisposable
{
    public SyntheticData(TensorBatchSource train, TensorBatchSource test)
    {
        Train = train;
        Test = test;
    }

    public TensorBatchSource Train { get; }

    public TensorBatchSource Test { get; }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
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

        var split = samples * 3 / 4;
        return new SyntheticData(
            new TensorBatchSource(images[TensorIndex.Slice(0, split)], labels[TensorIndex.Slice(0, split)], batchSize: 16, shuffleSeed: seed),
            new TensorBatchSource(images[TensorIndex.Slice(split, samples)], labels[TensorIndex.Slice(split, samples)], batchSize: 32, shuffleSeed: null));
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
        var split = samples * 3 / 4;
        return new SyntheticData(
            new TensorBatchSource(inputs[TensorIndex.Slice(0, split)], labels[TensorIndex.Slice(0, split)], batchSize: 32, shuffleSeed: seed),
            new TensorBatchSource(inputs[TensorIndex.Slice(split, samples)], labels[TensorIndex.Slice(split, samples)], batchSize: 64, shuffleSeed: null));
    }
}

/// <summary>A folder that is deleted with its contents when disposed.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelgen-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
