using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// One mini-batch: the model's inputs and their targets (int64 class indices, or float32 values; see
/// <see cref="Data.IDataset"/>). Disposing it frees both tensors (a no-op for tensors a dispose scope already freed).
/// </summary>
/// <param name="Inputs">The batch as the model takes it, <c>[B, ...InputShape]</c>, float32.</param>
/// <param name="Targets">What the model should output for each sample, first dimension B.</param>
public readonly record struct Batch(Tensor Inputs, Tensor Targets) : IDisposable
{
    /// <summary>The number of samples, B.</summary>
    public int Size => (int)Targets.shape[0];

    /// <summary>The batch on <paramref name="device"/>; the same tensors when they are there already.</summary>
    public Batch To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Inputs.device_type == device.type && Inputs.device_index == device.index
            ? this
            : new Batch(Inputs.to(device), Targets.to(device));
    }

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}

/// <summary>
/// Supplies the batches of one pass over a data set. <see cref="Data.BatchSource"/> is the implementation for data
/// in memory; implement it yourself for data that is streamed or augmented. Tensors are created while the caller
/// enumerates, so they belong to the caller's dispose scope (the trainer opens one per batch).
/// </summary>
public interface IBatchSource
{
    /// <summary>Samples per pass (the last batch may be smaller than the batch size).</summary>
    long SampleCount { get; }

    /// <summary>The batches of pass <paramref name="epoch"/> (1-based); the order may depend on the epoch.</summary>
    IEnumerable<Batch> Epoch(int epoch);

    /// <summary>
    /// The first <paramref name="count"/> samples' inputs (fewer when the source has fewer), prepared as the model
    /// takes them: what a data-adapted model (<see cref="IDataAdaptedModel"/>) is computed from before training. Data
    /// in memory serves them in stored order, without shuffling (<see cref="Data.BatchSource"/> does); this default
    /// takes the first samples of epoch 1's batches. The tensor is created in the caller's dispose scope, if any.
    /// </summary>
    Tensor FirstInputs(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var parts = new List<Tensor>();
        long taken = 0;
        using (var scope = NewDisposeScope())
        {
            foreach (var batch in Epoch(1))
            {
                var part = batch.Inputs.narrow(0, 0, Math.Min(batch.Inputs.shape[0], count - taken)).clone();
                parts.Add(part);
                taken += part.shape[0];
                if (taken >= count)
                {
                    break;
                }
            }

            if (parts.Count == 0)
            {
                throw new InvalidOperationException("The batch source served no samples.");
            }

            var inputs = cat(parts, 0);
            scope.MoveToOuter(inputs);
            return inputs;
        }
    }
}
