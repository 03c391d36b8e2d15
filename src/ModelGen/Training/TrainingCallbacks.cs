using System.Globalization;

namespace ModelGen.Training;

/// <summary>
/// The callbacks of a training run, Keras's way: early stopping, the best-model checkpoint and reduce-on-plateau, as
/// <see cref="TrainingSettings"/> configure them. <see cref="Trainer{TModel}"/> asks it for each epoch's learning rate
/// and tells it each epoch's metrics; it answers what to do (save the best model, keep the weights as the best, stop).
/// Its whole memory is <see cref="State"/>, which checkpoints carry, so a resumed run decides exactly as an
/// uninterrupted one.
/// </summary>
/// <remarks>
/// An epoch improves on the best when its figure is better than the best by more than <c>min_delta</c> (the best
/// checkpoint counts any improvement); a figure that is not a number (a diverged loss) never improves. Early stopping
/// stops after <c>patience</c> epochs in a row without improvement. Reduce-on-plateau multiplies the learning rate by
/// <c>factor</c> after <c>patience</c> such epochs, then counts again from zero; the reduction scales what the schedule
/// gives every later epoch, and never takes the rate below <c>min_lr</c>.
/// </remarks>
public sealed class TrainingCallbacks
{
    private readonly TrainingSettings _settings;

    /// <summary>Callbacks as <paramref name="settings"/> configure them, before the first epoch.</summary>
    public TrainingCallbacks(TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        State = new CallbackState(
            settings.EarlyStopping is { } stopping ? MonitorState.Start(stopping.Monitor) : null,
            settings.BestCheckpoint is { } best ? MonitorState.Start(best.Monitor) : null,
            settings.ReduceLearningRateOnPlateau is { } reduce ? MonitorState.Start(reduce.Monitor) : null,
            LearningRateScale: 1);
    }

    /// <summary>Everything the callbacks remember; restore it with <see cref="Restore"/>.</summary>
    public CallbackState State { get; private set; }

    /// <summary>Whether any callback is configured.</summary>
    public bool Any => _settings.EarlyStopping is not null || _settings.BestCheckpoint is not null || _settings.ReduceLearningRateOnPlateau is not null;

    /// <summary>The figures the callbacks watch.</summary>
    public IEnumerable<MonitoredMetric> Monitors =>
        new[] { _settings.EarlyStopping?.Monitor, _settings.BestCheckpoint?.Monitor, _settings.ReduceLearningRateOnPlateau?.Monitor }
            .OfType<MonitoredMetric>().Distinct();

    /// <summary>Puts back the state a checkpoint saved.</summary>
    public void Restore(CallbackState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
    }

    /// <summary>The learning rate of an epoch whose schedule gives <paramref name="scheduled"/>: reduced by the plateaus so far.</summary>
    public double LearningRate(double scheduled) =>
        State.LearningRateScale < 1 && _settings.ReduceLearningRateOnPlateau is { } reduce
            ? Math.Max(scheduled * State.LearningRateScale, reduce.MinLearningRate)
            : scheduled;

    /// <summary>Takes in an epoch's metrics and says what the trainer should do.</summary>
    public CallbackDecision EpochEnded(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var notes = new List<string>();
        var saveBest = false;
        var keepWeights = false;
        var stop = false;
        var state = State;

        if (_settings.BestCheckpoint is { } best)
        {
            var (next, improved) = Track(state.BestCheckpoint!, metrics, minDelta: 0, best.Monitor);
            state = state with { BestCheckpoint = next };
            saveBest = improved;
        }

        if (_settings.ReduceLearningRateOnPlateau is { } reduce)
        {
            var (next, _) = Track(state.ReduceLearningRate!, metrics, reduce.MinDelta, reduce.Monitor);
            var scale = state.LearningRateScale;
            if (next.Wait >= reduce.Patience)
            {
                next = next with { Wait = 0 };
                if (metrics.LearningRate > reduce.MinLearningRate)
                {
                    scale *= reduce.Factor;
                    notes.Add(string.Create(CultureInfo.InvariantCulture, 
                        $"{Name(reduce.Monitor)} has not improved for {reduce.Patience} epoch(s): learning rate x{reduce.Factor} from the next epoch (at least {reduce.MinLearningRate})"));
                }
            }

            state = state with { ReduceLearningRate = next, LearningRateScale = scale };
        }

        if (_settings.EarlyStopping is { } stopping)
        {
            var (next, improved) = Track(state.EarlyStopping!, metrics, stopping.MinDelta, stopping.Monitor);
            keepWeights = improved && stopping.RestoreBest;
            if (next.Wait >= stopping.Patience)
            {
                stop = true;
                next = next with { StoppedEpoch = metrics.Epoch };
                notes.Add(string.Create(CultureInfo.InvariantCulture, 
                    $"early stopping: {Name(stopping.Monitor)} has not improved by more than {stopping.MinDelta} for {stopping.Patience} epoch(s); " +
                    $"the best was epoch {next.BestEpoch} ({next.Best:0.0000})"));
            }

            state = state with { EarlyStopping = next };
        }

        State = state;
        return new CallbackDecision(saveBest, keepWeights, stop, notes);
    }

    /// <summary>The value of <paramref name="metric"/> in an epoch's metrics, or NaN when the epoch has none.</summary>
    public static double ValueOf(MonitoredMetric metric, EpochMetrics epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return metric switch
        {
            MonitoredMetric.ValidationLoss => epoch.ValidationLoss,
            MonitoredMetric.ValidationAccuracy => epoch.ValidationAccuracy,
            MonitoredMetric.ValidationMeanAbsoluteError => epoch.ValidationMeanAbsoluteError,
            MonitoredMetric.Loss => epoch.TrainLoss,
            MonitoredMetric.Accuracy => epoch.TrainAccuracy,
            MonitoredMetric.MeanAbsoluteError => epoch.TrainMeanAbsoluteError,
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        } ?? double.NaN;
    }

    private static (MonitorState Next, bool Improved) Track(MonitorState state, EpochMetrics metrics, double minDelta, MonitoredMetric monitor)
    {
        var value = ValueOf(monitor, metrics);
        var improved = MonitoredMetricNames.HigherIsBetter(monitor)
            ? value - minDelta > state.Best
            : value + minDelta < state.Best;
        return improved
            ? (state with { Best = value, BestEpoch = metrics.Epoch, Wait = 0 }, true)
            : (state with { Wait = state.Wait + 1 }, false);
    }

    private static string Name(MonitoredMetric metric) => MonitoredMetricNames.NameOf(metric);
}

/// <summary>What the callbacks remember between epochs; saved in checkpoints.</summary>
/// <param name="EarlyStopping">Early stopping's figure so far; null without early stopping.</param>
/// <param name="BestCheckpoint">The best checkpoint's figure so far; null without one.</param>
/// <param name="ReduceLearningRate">Reduce-on-plateau's figure so far; null without it.</param>
/// <param name="LearningRateScale">The product of the reductions so far (1: none).</param>
public sealed record CallbackState(MonitorState? EarlyStopping, MonitorState? BestCheckpoint, MonitorState? ReduceLearningRate, double LearningRateScale);

/// <summary>One callback's watch over its figure.</summary>
/// <param name="Monitor">The figure watched.</param>
/// <param name="Best">The best value so far (infinitely bad before the first epoch).</param>
/// <param name="BestEpoch">The epoch that reached it (0: none yet).</param>
/// <param name="Wait">Epochs in a row since the last improvement.</param>
/// <param name="StoppedEpoch">The epoch after which early stopping stopped training; null while it has not.</param>
public sealed record MonitorState(MonitoredMetric Monitor, double Best, int BestEpoch, int Wait, int? StoppedEpoch = null)
{
    /// <summary>The state before the first epoch.</summary>
    public static MonitorState Start(MonitoredMetric monitor) =>
        new(monitor, MonitoredMetricNames.HigherIsBetter(monitor) ? double.NegativeInfinity : double.PositiveInfinity, 0, 0);
}

/// <summary>What the trainer does after an epoch, as the callbacks decided.</summary>
/// <param name="SaveBestModel">The best checkpoint's figure reached a new best: save the model now.</param>
/// <param name="KeepBestWeights">Early stopping's figure improved and it restores the best weights: remember these.</param>
/// <param name="Stop">Early stopping ran out of patience: train no further epoch.</param>
/// <param name="Notes">What the callbacks did, for the person watching.</param>
public sealed record CallbackDecision(bool SaveBestModel, bool KeepBestWeights, bool Stop, IReadOnlyList<string> Notes);
