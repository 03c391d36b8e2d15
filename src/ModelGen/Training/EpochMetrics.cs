namespace ModelGen.Training;

/// <summary>What one training epoch achieved.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LearningRate">The learning rate used during this epoch.</param>
/// <param name="TrainLoss">Mean loss over the epoch's training batches (dropout active).</param>
/// <param name="TrainAccuracy">Fraction of training images classified correctly during the epoch.</param>
/// <param name="TestLoss">Mean loss on the test (validation) set after the epoch.</param>
/// <param name="TestAccuracy">Fraction of test images classified correctly after the epoch.</param>
/// <param name="ImagesPerSecond">Training throughput, data pipeline included.</param>
/// <param name="Duration">Wall-clock time of the epoch's training pass.</param>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double ImagesPerSecond,
    TimeSpan Duration);
