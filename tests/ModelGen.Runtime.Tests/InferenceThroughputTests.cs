using ModelGen.Formats;
using ModelGen.Persistence;

namespace ModelGen.Runtime.Tests;

/// <summary>The throughput measurement runs a warm-up batch, then the batches asked for, taken in turn from the inputs.</summary>
public sealed class InferenceThroughputTests
{
    [Fact]
    public void Measures_the_batches_asked_for_after_one_warm_up_cycling_through_the_inputs()
    {
        using var inputs = arange(10, dtype: ScalarType.Float32).reshape(10, 1);
        var model = new RecordingModel();

        var rate = InferenceThroughput.Measure(model, inputs, batchSize: 3, batches: 5);

        // Three whole batches fit in 10 inputs (starting at 0, 3, 6); the warm-up is the first.
        Assert.Equal([0f, 0f, 3f, 6f, 0f, 3f], model.FirstValues);
        Assert.All(model.BatchSizes, size => Assert.Equal(3, size));
        Assert.True(rate > 0 && double.IsFinite(rate), $"rate {rate}");
    }

    [Fact]
    public void Needs_at_least_one_whole_batch_of_inputs()
    {
        using var inputs = zeros(2, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceThroughput.Measure(new RecordingModel(), inputs, batchSize: 3, batches: 1));
    }

    private sealed class RecordingModel : IInferenceModel
    {
        public List<float> FirstValues { get; } = [];

        public List<long> BatchSizes { get; } = [];

        public ModelFileHeader Header { get; } = new("Recording", "0", 0, string.Empty, 0, false);

        public Tensor Forward(Tensor inputs)
        {
            FirstValues.Add(inputs[0, 0].item<float>());
            BatchSizes.Add(inputs.shape[0]);
            return inputs.clone();
        }

        public void Dispose()
        {
        }
    }
}
