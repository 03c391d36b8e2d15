using ModelGen.Data;
using ModelGen.Examples.Tabular;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>HousePrices (13 features, one output, mse) learns real values from float targets.</summary>
public sealed class RegressionTests
{
    /// <summary>y = x · w + 0.3 for random x and a fixed random w: a linear target the network can fit.</summary>
    private static SyntheticData LinearTarget(int samples, int seed, bool columnTargets = false)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var inputs = randn(new long[] { samples, 13 }, generator: generator);
        var weights = randn(new long[] { 13 }, generator: generator) * 0.5f;
        var targets = inputs.matmul(weights) + 0.3f;
        return SyntheticData.Split(inputs, columnTargets ? targets.unsqueeze(1) : targets);
    }

    [Fact]
    public void A_linear_target_is_learned_the_error_falls_and_accuracy_is_not_reported()
    {
        using var data = LinearTarget(samples: 480, seed: 5);
        manual_seed(2);
        using var model = new HousePrices();
        using var trainer = new Trainer<HousePrices>(model, new TrainingOptions { Epochs = 8 });
        var untrained = trainer.Evaluate(data.Test);

        var history = trainer.Fit(data.Train, data.Test);
        var result = trainer.Evaluate(data.Test);

        Assert.True(history[^1].TestLoss < untrained.Loss * 0.2, $"test mse {untrained.Loss:0.000} untrained, {history[^1].TestLoss:0.000} trained");
        Assert.True(history[^1].TestMeanAbsoluteError < untrained.MeanAbsoluteError * 0.5, "test mae falls");
        Assert.All(history, e => Assert.Null(e.TrainAccuracy));
        Assert.All(history, e => Assert.Null(e.TestAccuracy));
        Assert.False(result.IsClassification);
        Assert.Null(result.Confusion);
        Assert.Empty(result.Samples);
        // The loss is mse, so it and the reported mean squared error are the same number; |e| <= sqrt(mean e^2).
        Assert.Equal(result.Loss, result.MeanSquaredError!.Value, 4);
        Assert.InRange(result.MeanAbsoluteError!.Value, 0.01, Math.Sqrt(result.MeanSquaredError.Value));
    }

    [Fact]
    public void Targets_as_a_column_are_accepted_like_a_vector()
    {
        using var vector = LinearTarget(samples: 64, seed: 9);
        using var column = LinearTarget(samples: 64, seed: 9, columnTargets: true);

        var fromVector = TrainOnce(vector);
        var fromColumn = TrainOnce(column);

        Assert.Equal(fromVector.TrainLoss, fromColumn.TrainLoss, 6);
        Assert.Equal(fromVector.TestMeanAbsoluteError!.Value, fromColumn.TestMeanAbsoluteError!.Value, 6);
    }

    [Fact]
    public void Class_labels_for_a_regression_model_are_refused_with_how_to_convert_them()
    {
        using var inputs = randn(8, 13);
        using var labels = randint(0, 3, new long[] { 8 });
        using var model = new HousePrices();
        using var trainer = new Trainer<HousePrices>(model);
        var data = new TensorDataset(inputs, labels);

        var error = Assert.Throws<DatasetException>(() => trainer.Fit(data, data));

        Assert.Equal(
            "The training data does not fit HousePrices: HousePrices is a regression model, so its targets must be float32 values shaped " +
            "[8] or [8, 1], not Int64 [8]. Convert them with targets.to_type(ScalarType.Float32).",
            error.Message);
    }

    private static EpochMetrics TrainOnce(SyntheticData data)
    {
        manual_seed(3);
        using var model = new HousePrices();
        using var trainer = new Trainer<HousePrices>(model, new TrainingOptions { Epochs = 1 });
        return trainer.Fit(data.Train, data.Test)[0];
    }
}
