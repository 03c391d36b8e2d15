namespace ModelGen;

/// <summary>
/// Stops training when <paramref name="Monitor"/> has not improved by more than <paramref name="MinDelta"/> for
/// <paramref name="Patience"/> epochs in a row (Keras's <c>EarlyStopping</c>), and with <paramref name="RestoreBest"/>
/// puts back the weights of the best epoch when training ends, whether it stopped early or ran all its epochs.
/// </summary>
/// <param name="Monitor">The figure watched; losses and errors improve downwards, accuracies upwards.</param>
/// <param name="Patience">Training stops after this many epochs in a row without improvement (at least 1).</param>
/// <param name="MinDelta">How much the figure must improve on the best so far to count as an improvement.</param>
/// <param name="RestoreBest">Whether training ends with the best epoch's weights rather than the last epoch's.</param>
public sealed record EarlyStoppingSettings(MonitoredMetric Monitor, int Patience, double MinDelta, bool RestoreBest);

/// <summary>
/// Saves the model whenever <paramref name="Monitor"/> reaches a new best (Keras's
/// <c>ModelCheckpoint(save_best_only=True)</c>); a run writes it as <c>best.mgm</c>.
/// </summary>
/// <param name="Monitor">The figure watched; losses and errors improve downwards, accuracies upwards.</param>
public sealed record BestCheckpointSettings(MonitoredMetric Monitor);

/// <summary>
/// Multiplies the learning rate by <paramref name="Factor"/> when <paramref name="Monitor"/> has not improved by more
/// than <paramref name="MinDelta"/> for <paramref name="Patience"/> epochs in a row (Keras's <c>ReduceLROnPlateau</c>),
/// never below <paramref name="MinLearningRate"/>. The reduction scales whatever the schedule gives the later epochs.
/// </summary>
/// <param name="Monitor">The figure watched; losses and errors improve downwards, accuracies upwards.</param>
/// <param name="Factor">The factor applied at each reduction, between 0 and 1.</param>
/// <param name="Patience">The learning rate is reduced after this many epochs in a row without improvement (at least 1); the count then starts again.</param>
/// <param name="MinDelta">How much the figure must improve on the best so far to count as an improvement.</param>
/// <param name="MinLearningRate">The learning rate a reduction never goes below.</param>
public sealed record ReduceLearningRateSettings(MonitoredMetric Monitor, double Factor, int Patience, double MinDelta, double MinLearningRate);
