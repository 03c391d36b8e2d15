using ModelGen.Samples.Cifar10;
using ModelGen.Runtime.Tests.Specs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The channels-last layout changes where numbers sit in memory, never what a model computes or saves.</summary>
public sealed class ChannelsLastTests
{
    [Fact]
    public void Training_batches_of_images_come_channels_last_unless_told_not_to()
    {
        using var data = SyntheticData.For<Cifar10Cnn>(samples: 40, seed: 1);
        using var model = new Cifar10Cnn();
        using var trainer = new Trainer<Cifar10Cnn>(model);
        using var plain = new Trainer<Cifar10Cnn>(model, new TrainingOptions { ChannelsLast = false });
        using var scope = NewDisposeScope();

        using var batches = trainer.TrainingBatches(data.Train).Epoch(1).GetEnumerator();
        using var plainBatches = plain.TrainingBatches(data.Train).Epoch(1).GetEnumerator();
        Assert.True(batches.MoveNext() && plainBatches.MoveNext());
        var (batch, plainBatch) = (batches.Current, plainBatches.Current);

        Assert.True(ChannelsLast.IsChannelsLast(batch.Inputs));
        Assert.False(ChannelsLast.IsChannelsLast(plainBatch.Inputs));
        Assert.True(batch.Inputs.eq(plainBatch.Inputs).all().item<bool>());
    }

    [Fact]
    public void Training_gives_the_same_losses_and_weights_in_either_layout()
    {
        var (channelsLast, lastWeights) = TrainTwoEpochs(channelsLast: true);
        var (standard, standardWeights) = TrainTwoEpochs(channelsLast: false);

        for (var i = 0; i < standard.Count; i++)
        {
            Assert.Equal(standard[i].TrainLoss, channelsLast[i].TrainLoss, 4);
            Assert.Equal(standard[i].TestLoss, channelsLast[i].TestLoss, 4);
        }

        foreach (var (name, value) in standardWeights)
        {
            var difference = (value.to(ScalarType.Float64) - lastWeights[name].to(ScalarType.Float64)).abs().max().item<double>();
            Assert.True(difference < 1e-4, $"{name} differs by {difference} between the layouts");
        }
    }

    private static (IReadOnlyList<EpochMetrics> History, Dictionary<string, Tensor> Weights) TrainTwoEpochs(bool channelsLast)
    {
        // RecipeTiny has no dropout, whose masks follow memory order and so differ between the layouts.
        using var data = SyntheticData.For<RecipeTiny>(samples: 160, seed: 8);
        manual_seed(5);
        using var model = new RecipeTiny();
        using var trainer = new Trainer<RecipeTiny>(model, new TrainingOptions { Epochs = 2, Seed = 2, ChannelsLast = channelsLast });
        var history = trainer.Fit(data.Train, data.Test).ToList();
        return (history, model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone().DetachFromDisposeScope()));
    }
}
