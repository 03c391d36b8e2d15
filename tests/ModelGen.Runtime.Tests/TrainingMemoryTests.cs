using System.Collections.Immutable;
using ModelGen.Architecture;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The memory estimate that refuses settings before anything is allocated.</summary>
public sealed class TrainingMemoryTests
{
    [Fact]
    public void The_estimate_counts_activations_per_sample_and_four_copies_of_the_weights()
    {
        var memory = TrainingMemory.Estimate(Cifar10Cnn.Architecture, batchSize: 64);

        Assert.Equal(Cifar10Cnn.ParameterCount * 4 * 4, memory.ModelBytes);
        Assert.Equal((memory.PerSampleBytes * 64) + memory.ModelBytes, memory.TotalBytes);
        Assert.Null(memory.Refusal("Cifar10Cnn", availableBytes: 1L << 30));
        var largest = (50_000_000 - memory.ModelBytes) / memory.PerSampleBytes;
        Assert.Matches(
            @"^Training Cifar10Cnn in batches of 64 needs about 86\.5 MB of memory \(1\.1 MB of activations per sample, 17\.3 MB for the weights, " +
            $@"gradients and optimizer state\), but this machine has 50 MB\. Use a batch size of at most {largest}\.$",
            memory.Refusal("Cifar10Cnn", availableBytes: 50_000_000));
        Assert.InRange(largest, 20, 40);
    }

    [Fact]
    public void A_model_too_large_for_any_batch_is_refused_as_such_without_overflowing()
    {
        // input: [3, 1000000, 1000000], flatten, dense: 1000000 (3e18 parameters: four float32 copies overflow a long).
        Shape input = new(3, 1_000_000, 1_000_000);
        Shape flat = new(3_000_000_000_000);
        var architecture = new ModelArchitecture("Huge", input, ModelOutputKind.Regression,
        [
            new FlattenLayer("flatten", input, flat),
            new DenseLayer("dense", flat, new Shape(1_000_000), 3_000_000_000_001_000_000, 3_000_000_000_000_000_000, Bias: true, null, Initializer.Default, Initializer.Default),
        ]);

        var refusal = TrainingMemory.Estimate(architecture, batchSize: 1).Refusal("Huge", availableBytes: 25_000_000_000);

        Assert.NotNull(refusal);
        Assert.StartsWith("Training Huge needs about ", refusal, StringComparison.Ordinal);
        Assert.EndsWith(
            "for the weights, gradients and optimizer state), but this machine has 25 GB: the model is too large to train here. Make its layers smaller.",
            refusal,
            StringComparison.Ordinal);
    }
}
