using ModelGen.Data;
using ModelGen.Examples.Tabular;
using ModelGen.Persistence;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Early stopping, the best-model checkpoint and reduce-on-plateau: their rules, in training, and across a resume.</summary>
public class CallbackTests
{
    private static readonly TrainingSettings Base = HousePrices.Training with
    {
        EarlyStopping = null,
        BestCheckpoint = null,
        ReduceLearningRateOnPlateau = null,
    };

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_an_improvement_larger_than_min_delta()
    {
        var callbacks = new TrainingCallbacks(Base with { EarlyStopping = new EarlyStoppingSettings(MonitoredMetric.ValidationLoss, 2, 0.1, true) });

        var decisions = new[] { 1.0, 0.5, 0.45, 0.3, 0.25, 0.22 }.Select((loss, i) => callbacks.EpochEnded(Epoch(i + 1, validationLoss: loss))).ToList();

        // 0.45 and 0.25 improve by less than 0.1: not improvements. Epoch 4 (0.3) is; epochs 5 and 6 are not: stop after 6.
        Assert.Equal([true, true, false, true, false, false], decisions.Select(d => d.KeepBestWeights));
        Assert.Equal([false, false, false, false, false, true], decisions.Select(d => d.Stop));
        Assert.Equal(new MonitorState(MonitoredMetric.ValidationLoss, 0.3, 4, 2, StoppedEpoch: 6), callbacks.State.EarlyStopping);
        Assert.Contains("the best was epoch 4", decisions[^1].Notes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracies_improve_upwards_and_a_diverged_figure_never_improves()
    {
        var callbacks = new TrainingCallbacks(Base with { BestCheckpoint = new BestCheckpointSettings(MonitoredMetric.ValidationAccuracy) });

        var saves = new double?[] { 0.5, 0.7, 0.6, double.NaN, 0.71 }
            .Select((accuracy, i) => callbacks.EpochEnded(Epoch(i + 1, validationLoss: 1, validationAccuracy: accuracy)).SaveBestModel)
            .ToList();

        Assert.Equal([true, true, false, false, true], saves);
        Assert.Equal(5, callbacks.State.BestCheckpoint!.BestEpoch);
    }

    [Fact]
    public void Reduce_on_plateau_scales_the_schedule_by_factor_after_patience_epochs_and_never_below_min_lr()
    {
        var callbacks = new TrainingCallbacks(Base with
        {
            ReduceLearningRateOnPlateau = new ReduceLearningRateSettings(MonitoredMetric.Loss, Factor: 0.5, Patience: 2, MinDelta: 0, MinLearningRate: 0.3),
        });

        Assert.Equal(1.0, callbacks.LearningRate(1.0));
        callbacks.EpochEnded(Epoch(1, trainLoss: 1, learningRate: 1));
        callbacks.EpochEnded(Epoch(2, trainLoss: 1, learningRate: 1));
        Assert.Equal(1.0, callbacks.LearningRate(1.0));
        var reduced = callbacks.EpochEnded(Epoch(3, trainLoss: 1, learningRate: 1));
        Assert.Equal(0.5, callbacks.LearningRate(1.0));
        Assert.Equal(0.45, callbacks.LearningRate(0.9), precision: 12);   // the reduction scales the schedule's rate
        Assert.Single(reduced.Notes);

        callbacks.EpochEnded(Epoch(4, trainLoss: 1, learningRate: 0.5));
        callbacks.EpochEnded(Epoch(5, trainLoss: 1, learningRate: 0.5));
        Assert.Equal(0.3, callbacks.LearningRate(1.0));                  // 0.25 is below min_lr
        callbacks.EpochEnded(Epoch(6, trainLoss: 1, learningRate: 0.3));
        callbacks.EpochEnded(Epoch(7, trainLoss: 1, learningRate: 0.3));
        var atMinimum = callbacks.EpochEnded(Epoch(8, trainLoss: 1, learningRate: 0.3));
        Assert.Empty(atMinimum.Notes);                                    // at min_lr: no further reduction
        Assert.Equal(0.25, callbacks.State.LearningRateScale);
    }

    [Fact]
    public void Training_stops_early_restores_the_best_epochs_weights_and_saves_them_as_the_best_model()
    {
        using var folder = new TemporaryFolder();
        var run = Train(folder.File("best.mgm"), checkpoint: null, interruptAfter: null);

        Assert.NotNull(run.Stopped);
        Assert.True(run.History.Count < 40, $"trained {run.History.Count} epochs");
        var best = run.History.MinBy(e => e.ValidationMeanAbsoluteError)!;
        Assert.Equal(best.Epoch, run.Restored);
        Assert.Equal(run.History.Count - 3, best.Epoch);                  // patience 3
        Assert.Equal(best.Epoch, ModelFile.ReadHeader(folder.File("best.mgm")).Epoch);

        // The model ends with the weights best.mgm holds: the best epoch's.
        using var saved = new HousePrices();
        ModelFile.Load(saved, folder.File("best.mgm"));
        Assert.Equal(run.Predictions, Predict(saved));
    }

    [Fact]
    public void A_resumed_run_keeps_the_callbacks_state_and_equals_the_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        var uninterrupted = Train(bestModel: null, checkpoint: null, interruptAfter: null);

        var checkpoint = folder.File("checkpoint.mgm");
        Assert.Throws<OperationCanceledException>(() => Train(bestModel: null, checkpoint, interruptAfter: 3));
        var resumed = Train(bestModel: null, checkpoint, interruptAfter: null, resume: true);

        Assert.Contains(uninterrupted.History, e => e.LearningRate < Base.Schedule.LearningRateAt(Base.Optimizer.LearningRate, e.Epoch, 40) * 0.99);
        Assert.True(uninterrupted.Stopped > 3, $"stopped after epoch {uninterrupted.Stopped}, before the interruption");
        Assert.Equal(uninterrupted.History.Select(e => e.LearningRate), resumed.History.Select(e => e.LearningRate));
        Assert.Equal(uninterrupted.History.Select(e => e.TrainLoss), resumed.History.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.History.Select(e => e.ValidationMeanAbsoluteError), resumed.History.Select(e => e.ValidationMeanAbsoluteError));
        Assert.Equal(uninterrupted.Stopped, resumed.Stopped);
        Assert.Equal(uninterrupted.Restored, resumed.Restored);
        Assert.Equal(uninterrupted.State, resumed.State);
        Assert.Equal(uninterrupted.Predictions, resumed.Predictions);
    }

    [Fact]
    public void A_validation_figure_without_validation_data_is_refused_with_a_message()
    {
        using var data = SyntheticData.For<HousePrices>(64, seed: 2);
        using var model = new HousePrices();
        using var trainer = new Trainer<HousePrices>(model, new TrainingOptions { Epochs = 1 });

        var error = Assert.Throws<DatasetException>(() => trainer.Fit(data.Train, validation: null, test: data.Test));

        Assert.Contains("val_mae", error.Message, StringComparison.Ordinal);
        Assert.Contains("validation_split", error.Message, StringComparison.Ordinal);
    }

    private static EpochMetrics Epoch(int epoch, double trainLoss = 1, double? validationLoss = null, double? validationAccuracy = null, double learningRate = 0.1) =>
        new(epoch, learningRate, trainLoss, null, double.NaN, null, 0, TimeSpan.Zero, ValidationLoss: validationLoss, ValidationAccuracy: validationAccuracy);

    /// <summary>
    /// HousePrices on random (unlearnable) targets, so validation stops improving soon: early stopping with patience 3
    /// and restore_best, the best checkpoint on val_mae, reduce-on-plateau on val_loss with patience 1.
    /// </summary>
    private static TrainingRun Train(string? bestModel, string? checkpoint, int? interruptAfter, bool resume = false)
    {
        using var data = SyntheticData.For<HousePrices>(320, seed: 4);
        using var prepared = PreparedData.Prepare(data.Train, null, data.Test, 0.25, seed: 1, standardizeFeatures: true);
        manual_seed(6);
        using var model = new HousePrices();
        var options = new TrainingOptions
        {
            Epochs = 40,
            Seed = 6,
            CheckpointPath = checkpoint,
            Resume = resume,
            BestModelPath = bestModel,
            EarlyStopping = new EarlyStoppingSettings(MonitoredMetric.ValidationMeanAbsoluteError, Patience: 3, MinDelta: 0, RestoreBest: true),
            BestCheckpoint = new BestCheckpointSettings(MonitoredMetric.ValidationMeanAbsoluteError),
            ReduceLearningRateOnPlateau = new ReduceLearningRateSettings(MonitoredMetric.ValidationLoss, 0.5, 1, 0, 1e-5),
        };
        using var cancellation = new CancellationTokenSource();
        using var trainer = new Trainer<HousePrices>(model, options, new CancelAfter(interruptAfter, cancellation));
        var history = trainer.Fit(prepared.Train, prepared.Validation, prepared.Test, cancellation.Token).ToList();
        return new TrainingRun(history, trainer.Callbacks.State.EarlyStopping?.StoppedEpoch, trainer.RestoredEpoch, trainer.Callbacks.State, Predict(model));
    }

    private static float[] Predict(HousePrices model)
    {
        using var scope = NewDisposeScope();
        using var inputs = linspace(-2, 2, 13 * 8).reshape(8, 13);
        model.eval();
        using var guard = no_grad();
        return model.forward(inputs).data<float>().ToArray();
    }

    private sealed record TrainingRun(List<EpochMetrics> History, int? Stopped, int? Restored, CallbackState State, float[] Predictions);

    /// <summary>Cancels training once the checkpoint of a given epoch is written: an interruption between epochs.</summary>
    private sealed class CancelAfter(int? epoch, CancellationTokenSource cancellation) : ITrainingObserver
    {
        public void CheckpointSaved(int saved, string path)
        {
            if (saved == epoch)
            {
                cancellation.Cancel();
            }
        }
    }
}
