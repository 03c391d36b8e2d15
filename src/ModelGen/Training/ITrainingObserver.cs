namespace ModelGen.Training;

/// <summary>Receives progress while a model trains, for progress bars and logs. Every member is optional.</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch begins.</summary>
    void EpochStarted(int epoch, int epochs, double learningRate, long samples)
    {
    }

    /// <summary>A training batch finished.</summary>
    void BatchCompleted(BatchProgress progress)
    {
    }

    /// <summary>The epoch's training pass finished and the test set was evaluated.</summary>
    void EpochCompleted(EpochMetrics metrics)
    {
    }

    /// <summary>
    /// A callback acted after <paramref name="epoch"/>: saved the best model, reduced the learning rate, stopped
    /// training, restored the best weights. <paramref name="note"/> says what, for the person watching.
    /// </summary>
    void CallbackActed(int epoch, string note)
    {
    }

    /// <summary>A checkpoint was written after an epoch.</summary>
    void CheckpointSaved(int epoch, string path)
    {
    }
}

/// <summary>Where an epoch's training pass stands after a batch: its running figures so far.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="SamplesDone">This epoch's samples so far.</param>
/// <param name="Loss">Mean loss so far.</param>
/// <param name="Accuracy">A classifier's fraction of right decisions so far; <see langword="null"/> for regression.</param>
/// <param name="MeanAbsoluteError">A regression model's mean absolute error so far; <see langword="null"/> for classifiers.</param>
/// <param name="ImagesPerSecond">Throughput so far, in samples (images) per second.</param>
public readonly record struct BatchProgress(int Epoch, long SamplesDone, double Loss, double? Accuracy, double? MeanAbsoluteError, double ImagesPerSecond);
