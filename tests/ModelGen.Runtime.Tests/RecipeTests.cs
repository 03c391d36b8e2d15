using System.Collections.Immutable;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Runtime.Tests.Specs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The recipe settings of a spec (Specs/recipe-tiny.model.yaml) as the trainer applies them.</summary>
public sealed class RecipeTests
{
    [Fact]
    public void A_resumed_recipe_run_ends_with_the_weights_of_an_uninterrupted_one()
    {
        using var folder = new TemporaryFolder();
        var whole = TrainRecipe(epochs: 3, Path.Combine(folder.Path, "whole.mgm"), resume: false, out var wholeWeights);
        var checkpoint = Path.Combine(folder.Path, "resumed.mgm");
        Assert.Throws<OperationCanceledException>(() => TrainRecipe(epochs: 3, checkpoint, resume: false, out _, stopAfterEpoch: 1));
        Assert.True(File.Exists(Trainer<RecipeTiny>.AveragePath(checkpoint)), "the weight average was not saved beside the checkpoint");
        var resumed = TrainRecipe(epochs: 3, checkpoint, resume: true, out var resumedWeights);

        Assert.Equal(whole.Select(e => e.TrainLoss), resumed.Select(e => e.TrainLoss));
        Assert.Equal(whole.Select(e => e.TestLoss), resumed.Select(e => e.TestLoss));
        foreach (var (name, value) in wholeWeights)
        {
            Assert.True(value.eq(resumedWeights[name]).all().item<bool>(), $"{name} differs after resuming");
        }
    }

    [Fact]
    public void The_one_cycle_rate_changes_every_step_and_epochs_report_their_first_step()
    {
        var history = TrainRecipe(epochs: 3, checkpoint: null, resume: false, out _);
        const long StepsPerEpoch = 3;   // 48 training images in batches of 16
        var expected = Enumerable.Range(0, 3)
            .Select(epoch => RecipeTiny.Training.Schedule.LearningRateAtStep(0.05, epoch * StepsPerEpoch, 3 * StepsPerEpoch));
        Assert.Equal(expected.Select(r => Math.Round(r, 12)), history.Select(e => Math.Round(e.LearningRate, 12)));
        Assert.Equal(0.05 / 25, history[0].LearningRate, 12);
    }

    [Fact]
    public void Training_compute_is_six_flop_per_multiply_add_and_training_image()
    {
        var history = TrainRecipe(epochs: 1, checkpoint: null, resume: false, out _);
        Assert.Equal(6.0 * RecipeTiny.MultiplyAdds * 48, history[0].TrainingFlop);
        Assert.True(RecipeTiny.MultiplyAdds > 0);
    }

    [Theory]
    [InlineData(4.0107e13, "0.0401 PFLOP")]        // the seed CNN's 10 epochs
    [InlineData(3.55e14, "0.3550 PFLOP")]
    [InlineData(1e12, "0.0010 PFLOP")]
    [InlineData(1.94e9, "1.9 GFLOP")]              // a small table's run
    [InlineData(2.5e6, "2.5 MFLOP")]
    [InlineData(0, "0.0000 PFLOP")]
    public void Training_compute_is_shown_in_petaflop_and_in_smaller_units_below_a_thousandth(double flop, string expected) =>
        Assert.Equal(expected, TrainingCompute.Format(flop));

    [Fact]
    public void Batch_norm_and_bias_parameters_get_their_groups_learning_rates_and_weight_decay()
    {
        using var model = new RecipeTiny();
        var groups = ParameterGrouping.Split(model, RecipeTiny.Training.ParameterGroups);
        Assert.Equal(["batch_norm", "bias", "other"], groups.Select(g => g.Name));
        Assert.Equal([2, 2, 2], groups.Select(g => g.Parameters.Count));   // BN weight+bias; conv+dense biases; conv+dense weights
        Assert.Equal([4.0, 1.0, 1.0], groups.Select(g => g.LearningRateScale));
        Assert.Equal([0.0, 0.0, null], groups.Select(g => g.WeightDecay));

        using var trainer = new Trainer<RecipeTiny>(model);
        var rates = trainer.Optimizer.ParamGroups.Select(g => g.LearningRate).ToList();
        Assert.Equal([0.05 * 4, 0.05, 0.05], rates.Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void Label_smoothing_matches_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2, 0, -1, 0.5f, 0.5f, 3 }, [2, 3]);
        var targets = tensor(new long[] { 0, 2 });
        const double S = 0.2;
        var expected = 0.0;
        var rows = logits.log_softmax(1).data<float>().ToArray();
        for (var row = 0; row < 2; row++)
        {
            for (var c = 0; c < 3; c++)
            {
                var target = ((c == targets[row].item<long>()) ? 1 - S : 0) + (S / 3);
                expected -= target * rows[(row * 3) + c];
            }
        }

        expected /= 2;
        var actual = LossFunction.CrossEntropy.Compute(logits, targets, S).item<float>();
        Assert.Equal(expected, actual, 5);
        Assert.NotEqual(LossFunction.CrossEntropy.Compute(logits, targets).item<float>(), actual, 3);
    }

    [Fact]
    public void Flip_test_time_augmentation_averages_the_image_and_its_mirror_image()
    {
        using var scope = NewDisposeScope();
        using var model = new RecipeTiny();
        model.eval();
        var images = rand(4, 3, 8, 8);
        var plain = new OutputRules("M", ModelOutputKind.Logits, LossFunction.CrossEntropy, ImmutableArray.Create(3L));
        var flipping = OutputRules.For<RecipeTiny>();
        using var _ = no_grad();
        var expected = (plain.Outputs(model, images) + plain.Outputs(model, images.flip(3))) / 2;
        Assert.True(flipping.Outputs(model, images).allclose(expected, atol: 1e-6));
        Assert.False(plain.Outputs(model, images).allclose(expected, atol: 1e-6));
    }

    [Fact]
    public void Flip_translate_test_time_augmentation_averages_airbenchs_six_views()
    {
        using var scope = NewDisposeScope();
        using var model = new RecipeTiny();
        model.eval();
        var images = rand(4, 3, 8, 8);
        var plain = new OutputRules("M", ModelOutputKind.Logits, LossFunction.CrossEntropy, ImmutableArray.Create(3L));
        var sixViews = new OutputRules("M", ModelOutputKind.Logits, LossFunction.CrossEntropy, ImmutableArray.Create(3L),
            testTimeAugmentation: TestTimeAugmentation.FlipTranslate);
        using var _ = no_grad();

        // By hand: the image moved one pixel down-right takes its first row and column from the reflection (row 1, column 1).
        var rows = tensor(new long[] { 1, 0, 1, 2, 3, 4, 5, 6 });
        var downRight = images.index_select(2, rows).index_select(3, rows);
        var upLeftIndex = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 6 });
        var upLeft = images.index_select(2, upLeftIndex).index_select(3, upLeftIndex);
        Tensor Mirrored(Tensor x) => (plain.Outputs(model, x) + plain.Outputs(model, x.flip(3))) / 2;
        var expected = (0.5 * Mirrored(images)) + (0.25 * Mirrored(downRight)) + (0.25 * Mirrored(upLeft));

        Assert.True(sixViews.Outputs(model, images).allclose(expected, atol: 1e-6));
        Assert.False(sixViews.Outputs(model, images).allclose(Mirrored(images), atol: 1e-6));
        model.train();
        Assert.True(sixViews.Outputs(model, images).allclose(plain.Outputs(model, images), atol: 1e-6));   // training sees the image alone
    }

    [Fact]
    public void Augmentation_is_fixed_by_seed_epoch_and_batch_and_crops_are_translations()
    {
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [64, 3, 8, 8], dtype: ScalarType.Byte, generator: new TorchSharp.torch.Generator(5));
        var indices = arange(64);
        var crop = new Augmenter(new Augmentation(new RandomCrop(1, CropFill.Zeros), null, null), InputNormalization.Tutorial, seed: 3);

        var a = crop.Apply(images, indices, epoch: 2, batch: 1);
        Assert.True(a.eq(crop.Apply(images, indices, 2, 1)).all().item<bool>());
        Assert.False(a.eq(crop.Apply(images, indices, 3, 1)).all().item<bool>());
        Assert.False(a.eq(crop.Apply(images, indices, 2, 2)).all().item<bool>());
        var padded = nn.functional.pad(images, [1, 1, 1, 1]);
        for (var i = 0; i < 64; i++)
        {
            var isShift = Enumerable.Range(0, 9).Any(s => padded[i, .., (s / 3)..((s / 3) + 8), (s % 3)..((s % 3) + 8)].eq(a[i]).all().item<bool>());
            Assert.True(isShift, $"image {i} is not a translation of its original by at most 1 pixel");
        }
    }

    [Fact]
    public void Alternate_flips_mirror_complementary_halves_in_odd_and_even_epochs()
    {
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [200, 1, 4, 4], dtype: ScalarType.Byte, generator: new TorchSharp.torch.Generator(6));
        var indices = arange(200);
        var flip = new Augmenter(new Augmentation(null, FlipMode.Alternate, null), InputNormalization.Tutorial, seed: 1);
        var odd = flip.Apply(images, indices, epoch: 1, batch: 0).ne(images).flatten(1).any(1);
        var even = flip.Apply(images, indices, epoch: 2, batch: 0).ne(images).flatten(1).any(1);
        var oddAgain = flip.Apply(images, indices, epoch: 3, batch: 5).ne(images).flatten(1).any(1);

        Assert.True(odd.eq(oddAgain).all().item<bool>());
        Assert.False(odd.logical_and(even).any().item<bool>());
        var flipped = odd.sum().item<long>();
        Assert.InRange(flipped, 70, 130);
    }

    [Fact]
    public void Cutout_fills_a_clipped_square_with_the_normalisation_mean()
    {
        using var scope = NewDisposeScope();
        var images = full([50, 3, 8, 8], 7, dtype: ScalarType.Byte);
        var cutout = new Augmenter(new Augmentation(null, null, 3), new InputNormalization(ImmutableArray.Create(0.5), ImmutableArray.Create(1.0)), seed: 1);
        var result = cutout.Apply(images, arange(50), epoch: 1, batch: 0);
        var filled = result.eq(128).flatten(1).sum(1);
        Assert.True(filled.le(27).all().item<bool>());                 // at most 3 x 3 pixels x 3 channels
        Assert.True(filled.ge(3).all().item<bool>());                  // at least the centre pixel's corner of the square
        Assert.True(result.eq(7).logical_or(result.eq(128)).all().item<bool>());
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(10, 0.5)]
    [InlineData(20, 1.0)]
    [InlineData(60, 0.5)]
    [InlineData(99, 0.0125)]
    public void Linear_warm_up_then_decay_per_step(long step, double factor)
    {
        var schedule = new LinearSchedule(Warmup: 0.2, StartFactor: 0, EndFactor: 0);
        Assert.Equal(0.4 * factor, schedule.LearningRateAtStep(0.4, step, 100), 12);
    }

    [Fact]
    public void Piecewise_linear_interpolates_between_its_points()
    {
        var schedule = new PiecewiseLinearSchedule(ImmutableArray.Create(new SchedulePoint(0, 0.2), new SchedulePoint(0.25, 1), new SchedulePoint(1, 0)));
        Assert.Equal(0.2, schedule.LearningRateAtStep(1, 0, 100), 12);
        Assert.Equal(0.6, schedule.LearningRateAtStep(1, 125, 1000), 12);
        Assert.Equal(1.0, schedule.LearningRateAtStep(1, 25, 100), 12);
        Assert.Equal(0.5, schedule.LearningRateAtStep(1, 625, 1000), 12);
    }

    /// <summary>Trains RecipeTiny; with <paramref name="stopAfterEpoch"/>, the run is cancelled after that epoch's checkpoint, as a killed run.</summary>
    [Fact]
    public void A_piecewise_linear_schedule_prints_its_points()
    {
        var schedule = new PiecewiseLinearSchedule(ImmutableArray.Create(new SchedulePoint(0, 0.2), new SchedulePoint(0.23, 1), new SchedulePoint(1, 0.07)));
        Assert.Equal("PiecewiseLinearSchedule { Points = [0, 0.2], [0.23, 1], [1, 0.07] }", schedule.ToString());
    }

    private static IReadOnlyList<EpochMetrics> TrainRecipe(
        int epochs, string? checkpoint, bool resume, out Dictionary<string, Tensor> weights, int? stopAfterEpoch = null)
    {
        using var data = SyntheticData.For<RecipeTiny>(samples: 64, seed: 4);
        manual_seed(11);
        using var model = new RecipeTiny();
        using var stop = new CancellationTokenSource();
        var observer = new StopAfter(stopAfterEpoch, stop);
        using var trainer = new Trainer<RecipeTiny>(model, new TrainingOptions { Epochs = epochs, Seed = 9, CheckpointPath = checkpoint, Resume = resume }, observer);
        var history = trainer.Fit(data.Train, data.Test, stop.Token).ToList();
        weights = model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone().DetachFromDisposeScope());
        return history;
    }

    private sealed class StopAfter(int? epoch, CancellationTokenSource stop) : ITrainingObserver
    {
        public void CheckpointSaved(int saved, string path)
        {
            if (saved == epoch)
            {
                stop.Cancel();
            }
        }
    }
}
