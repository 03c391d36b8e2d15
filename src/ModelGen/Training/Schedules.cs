namespace ModelGen.Training;

/// <summary>The learning rate each schedule gives an epoch, in closed form (as PyTorch's schedulers compute it).</summary>
public static class Schedules
{
    /// <summary>
    /// The learning rate for 1-based <paramref name="epoch"/>: epoch 1 uses <paramref name="initial"/>, and the
    /// schedule applies between epochs. Closed form, so a resumed run picks up exactly where it stopped.
    /// </summary>
    public static double LearningRateAt(this LearningRateSchedule schedule, double initial, int epoch, int epochs)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        var completed = epoch - 1;
        return schedule switch
        {
            ConstantSchedule => initial,
            ExponentialSchedule exponential => initial * Math.Pow(exponential.Gamma, completed),
            StepSchedule step => initial * Math.Pow(step.Gamma, completed / step.StepSize),
            CosineSchedule cosine => Cosine(cosine, initial, completed, cosine.Period ?? epochs),
            _ => throw new NotSupportedException($"Unknown schedule {schedule.GetType().Name}."),
        };
    }

    private static double Cosine(CosineSchedule cosine, double initial, int completed, int period) =>
        cosine.MinLearningRate + ((initial - cosine.MinLearningRate) * (1 + Math.Cos(Math.PI * Math.Min(completed, period) / period)) / 2);
}
