using System.Diagnostics;
using static TorchSharp.torch;

namespace ModelGen.Formats;

/// <summary>Measures how many samples per second a model opened for inference classifies, whatever its runtime.</summary>
public static class InferenceThroughput
{
    /// <summary>
    /// Samples per second of <see cref="IInferenceModel.Forward"/> over <paramref name="batches"/> batches of
    /// <paramref name="batchSize"/>, taken in turn from <paramref name="inputs"/> (stored form, as the model takes it),
    /// after one unmeasured batch. Each batch's outputs are freed before the next.
    /// </summary>
    public static double Measure(IInferenceModel model, Tensor inputs, int batchSize, int batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs.shape[0], batchSize, nameof(inputs));
        var starts = inputs.shape[0] / batchSize;
        Run(model, inputs, 0, batchSize);
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            Run(model, inputs, b % starts * batchSize, batchSize);
        }

        return (double)batches * batchSize / clock.Elapsed.TotalSeconds;
    }

    private static void Run(IInferenceModel model, Tensor inputs, long start, int batchSize)
    {
        using var scope = NewDisposeScope();
        model.Forward(inputs.narrow(0, start, batchSize));
    }
}
