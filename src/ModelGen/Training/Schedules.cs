namespace ModelGen.Training;

/// <summary>
/// The learning rate each schedule gives an epoch or a step, in closed form (as PyTorch's schedulers compute it), so a
/// resumed run picks up exactly where it stopped.
/// </summary>
public static class Schedules
{
    /// <summary>
    /// The learning rate for 1-based <paramref name="epoch"/> of a per-epoch schedule: epoch 1 uses
    /// <paramref name="initial"/>, and the schedule applies between epochs. A per-step schedule gives its first step's rate.
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
            { PerStep: true } => schedule.LearningRateAtStep(initial, 0, 1),
            _ => throw new NotSupportedException($"Unknown schedule {schedule.GetType().Name}."),
        };
    }

    /// <summary>
    /// The learning rate of 0-based optimisation <paramref name="step"/> out of <paramref name="totalSteps"/> in the
    /// run, for a per-step schedule (<see cref="LearningRateSchedule.PerStep"/>).
    /// </summary>
    public static double LearningRateAtStep(this LearningRateSchedule schedule, double initial, long step, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var progress = Math.Min(1.0, (double)step / totalSteps);
        return schedule switch
        {
            LinearSchedule linear => initial * Linear(linear, progress),
            PiecewiseLinearSchedule piecewise => initial * Interpolate(piecewise.Points, progress),
            OneCycleSchedule oneCycle => OneCycle(oneCycle, initial, Math.Min(step, totalSteps - 1), totalSteps),
            _ => throw new NotSupportedException($"{schedule.GetType().Name} changes the learning rate per epoch, not per step."),
        };
    }

    private static double Cosine(CosineSchedule cosine, double initial, int completed, int period) =>
        cosine.MinLearningRate + ((initial - cosine.MinLearningRate) * (1 + Math.Cos(Math.PI * Math.Min(completed, period) / period)) / 2);

    private static double Linear(LinearSchedule linear, double progress) =>
        progress < linear.Warmup
            ? linear.StartFactor + ((1 - linear.StartFactor) * progress / linear.Warmup)
            : 1 + ((linear.EndFactor - 1) * (progress - linear.Warmup) / (1 - linear.Warmup));

    private static double Interpolate(IReadOnlyList<SchedulePoint> points, double progress)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (progress <= points[i].Fraction)
            {
                var (from, to) = (points[i - 1], points[i]);
                return from.Factor + ((to.Factor - from.Factor) * (progress - from.Fraction) / (to.Fraction - from.Fraction));
            }
        }

        return points[^1].Factor;
    }

    /// <summary>PyTorch's OneCycleLR (two phases), step by step: the phase boundary is at pct_start x steps - 1.</summary>
    private static double OneCycle(OneCycleSchedule schedule, double maximum, long step, long totalSteps)
    {
        var initial = maximum / schedule.DivFactor;
        var minimum = initial / schedule.FinalDivFactor;
        var warmupEnd = (schedule.PctStart * totalSteps) - 1;
        return step <= warmupEnd
            ? Anneal(schedule.AnnealStrategy, initial, maximum, warmupEnd <= 0 ? 1 : step / warmupEnd)
            : Anneal(schedule.AnnealStrategy, maximum, minimum, (step - warmupEnd) / (totalSteps - 1 - warmupEnd));
    }

    private static double Anneal(AnnealStrategy strategy, double start, double end, double fraction) => strategy switch
    {
        AnnealStrategy.Cosine => end + ((start - end) / 2 * (1 + Math.Cos(Math.PI * fraction))),
        _ => start + ((end - start) * fraction),
    };
}
