namespace ModelGen.Training;

/// <summary>The outcome of optimisation steps over a data set's batches.</summary>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Accuracy">A classifier's fraction of right decisions; <see langword="null"/> for regression.</param>
/// <param name="MeanAbsoluteError">A regression model's mean absolute error; <see langword="null"/> for classifiers.</param>
/// <param name="Samples">Samples seen.</param>
/// <param name="Duration">Wall-clock time, data pipeline included.</param>
public sealed record TrainingPass(double Loss, double? Accuracy, double? MeanAbsoluteError, long Samples, TimeSpan Duration)
{
    /// <summary>Training throughput in samples (images) per second.</summary>
    public double ImagesPerSecond => Duration.TotalSeconds > 0 ? Samples / Duration.TotalSeconds : 0;
}
