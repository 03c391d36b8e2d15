using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>One mini-batch: model inputs and their class labels (int64).</summary>
public readonly record struct Batch(Tensor Inputs, Tensor Labels);

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
