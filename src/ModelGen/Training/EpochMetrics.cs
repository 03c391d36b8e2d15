namespace ModelGen.Training;

/// <summary>
/// What one training epoch achieved. Classifiers have accuracies and no mean absolute errors; regression models
/// the other way round (see <see cref="ModelOutputKind"/>).
/// </summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LearningRate">The learning rate used during this epoch.</param>
/// <param name="TrainLoss">Mean loss over the epoch's training batches (dropout active).</param>
/// <param name="TrainAccuracy">A classifier's fraction of training decisions that were right during the epoch.</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch (NaN when training has no test set).</param>
/// <param name="TestAccuracy">A classifier's fraction of test decisions that were right after the epoch.</param>
/// <param name="ImagesPerSecond">Training throughput in samples (images) per second, data pipeline included.</param>
/// <param name="Duration">Wall-clock time of the epoch's training pass.</param>
/// <param name="TrainMeanAbsoluteError">A regression model's mean absolute error on the training batches.</param>
/// <param name="TestMeanAbsoluteError">A regression model's mean absolute error on the test set after the epoch.</param>
/// <param name="ValidationLoss">Mean loss on the validation data after the epoch; null when training has none.</param>
/// <param name="ValidationAccuracy">A classifier's accuracy on the validation data after the epoch.</param>
/// <param name="ValidationMeanAbsoluteError">A regression model's mean absolute error on the validation data after the epoch.</param>
/// <param name="TrainingFlop">The epoch's training compute in floating-point operations (see <see cref="TrainingCompute"/>).</param>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double? TrainAccuracy,
    double TestLoss,
    double? TestAccuracy,
    double ImagesPerSecond,
    TimeSpan Duration,
    double? TrainMeanAbsoluteError = null,
    double? TestMeanAbsoluteError = null,
    double? ValidationLoss = null,
    double? ValidationAccuracy = null,
    double? ValidationMeanAbsoluteError = null,
    double TrainingFlop = 0);
