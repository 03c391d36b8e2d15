using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>One mini-batch: model inputs and their class labels (int64).</summary>
public readonly record struct Batch(Tensor Inputs, Tensor Labels)
{
    /// <summary>The batch on <paramref name="device"/>; the same tensors when they are there already.</summary>
    public Batch To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Inputs.device_type == device.type && Inputs.device_index == device.index
            ? this
            : new Batch(Inputs.to(device), Labels.to(device));
    }
}

/// <summary>
/// Supplies the batches of one pass over a data set. Tensors are created while the caller enumerates, so they
/// belong to the caller's dispose scope (the trainer opens one per batch).
/// </summary>
public interface IBatchSource
{
    /// <summary>Samples per pass (the last batch may be smaller than the batch size).</summary>
    long SampleCount { get; }

    /// <summary>The batches of pass <paramref name="epoch"/> (1-based); the order may depend on the epoch.</summary>
    IEnumerable<Batch> Epoch(int epoch);
}
