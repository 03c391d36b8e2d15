namespace ModelGen.Training;

/// <summary>The outcome of optimisation steps over a data set's batches.</summary>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Accuracy">Fraction of training samples classified correctly.</param>
/// <param name="Samples">Samples seen.</param>
/// <param name="Duration">Wall-clock time, data pipeline included.</param>
public sealed record TrainingPass(double Loss, double Accuracy, long Samples, TimeSpan Duration)
{
    /// <summary>Training throughput.</summary>
    public double ImagesPerSecond => Duration.TotalSeconds > 0 ? Samples / Duration.TotalSeconds : 0;
}
