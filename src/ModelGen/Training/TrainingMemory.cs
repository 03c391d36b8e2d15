using System.Globalization;
using ModelGen.Architecture;

namespace ModelGen.Training;

/// <summary>
/// About how much memory training a network takes, from its description alone (<c>TModel.Architecture</c>), so that
/// settings that cannot fit are refused before anything is allocated rather than ending with the kernel killing the
/// process.
/// </summary>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="PerSampleBytes">Activation memory per sample of a batch.</param>
/// <param name="ModelBytes">Weights, gradients and the optimizer's state.</param>
public sealed record TrainingMemory(int BatchSize, long PerSampleBytes, long ModelBytes)
{
    /// <summary>
    /// Weights, their gradients and up to two moment estimates per weight (Adam's; SGD keeps fewer): four float32 copies,
    /// as the compiler's MG1005 counts them.
    /// </summary>
    private const int ModelCopies = 4;

    /// <summary>
    /// Each layer's output is kept for the backward pass, and while it runs gradients of the same shapes come and go:
    /// measured on the CIFAR-10 network, a batch of 4,096 took 0.8 MB per sample, about 1.1 times the float32 outputs.
    /// 1.5 leaves room for the allocator and the gradients in flight.
    /// </summary>
    private const double BackwardFactor = 1.5;

    /// <summary>Bytes in all: activations of a batch, and the model's weights, gradients and optimizer state.</summary>
    public long TotalBytes => (long)Math.Min(long.MaxValue / 2, ((double)PerSampleBytes * BatchSize) + ModelBytes);

    /// <summary>The estimate for training <paramref name="architecture"/> in batches of <paramref name="batchSize"/>.</summary>
    public static TrainingMemory Estimate(ModelArchitecture architecture, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        double floats = architecture.InputShape.Elements;
        foreach (var layer in architecture.Layers)
        {
            // A layer with an activation keeps its output before and after it.
            var outputs = layer.InlineActivation is null ? 1 : 2;
            floats += (double)layer.OutputShape.Elements * outputs;
        }

        var perSample = (long)Math.Min(long.MaxValue / 2, floats * sizeof(float) * BackwardFactor);
        var model = (long)Math.Min(long.MaxValue / 2, (double)architecture.ParameterCount * sizeof(float) * ModelCopies);
        return new TrainingMemory(batchSize, perSample, model);
    }

    /// <summary>
    /// Why training <paramref name="modelName"/> this way cannot fit in <paramref name="availableBytes"/>, with the
    /// estimate and what would fit; <see langword="null"/> when it fits.
    /// </summary>
    public string? Refusal(string modelName, long availableBytes)
    {
        if (TotalBytes <= availableBytes)
        {
            return null;
        }

        var parts = string.Create(
            CultureInfo.InvariantCulture,
            $"{Bytes(PerSampleBytes)} of activations per sample, {Bytes(ModelBytes)} for the weights, gradients and optimizer state");
        var largest = LargestBatchIn(availableBytes);
        return largest >= 1
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"Training {modelName} in batches of {BatchSize:N0} needs about {Bytes(TotalBytes)} of memory ({parts}), but this machine has {Bytes(availableBytes)}. Use a batch size of at most {largest:N0}.")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Training {modelName} needs about {Bytes(ModelBytes + PerSampleBytes)} of memory even in batches of 1 ({parts}), but this machine has {Bytes(availableBytes)}: the model is too large to train here. Make its layers smaller.");
    }

    /// <summary>The memory this process may use: the machine's, or its container's limit.</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The largest batch that fits in <paramref name="availableBytes"/>, at least 0.</summary>
    public long LargestBatchIn(long availableBytes) => Math.Max(0, (availableBytes - ModelBytes) / Math.Max(1, PerSampleBytes));

    /// <summary>"1.2 GB".</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes, units[unit]);
    }
}
