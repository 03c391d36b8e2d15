namespace ModelGen.Training;

/// <summary>Receives progress while a model trains, for progress bars and logs. Every member is optional.</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch begins.</summary>
    void EpochStarted(int epoch, int epochs, double learningRate, long samples)
    {
    }

    /// <summary>A training batch finished; <paramref name="samplesDone"/> counts this epoch's samples so far.</summary>
    void BatchCompleted(int epoch, long samplesDone, double runningLoss, double runningAccuracy, double imagesPerSecond)
    {
    }

    /// <summary>The epoch's training pass finished and the test set was evaluated.</summary>
    void EpochCompleted(EpochMetrics metrics)
    {
    }

    /// <summary>A checkpoint was written after an epoch.</summary>
    void CheckpointSaved(int epoch, string path)
    {
    }
}
