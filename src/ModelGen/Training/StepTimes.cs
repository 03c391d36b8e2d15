using System.Diagnostics;

namespace ModelGen.Training;

/// <summary>
/// Where a training pass spends its time, phase by phase: preparing the batch (gathering, augmenting, scaling, moving),
/// the forward pass with the loss, the backward pass, and the optimizer step (with the weight average and metrics).
/// On the CPU every operation finishes before the next starts, so wall-clock time per phase is the phase's cost.
/// </summary>
public sealed class StepTimes
{
    private readonly Stopwatch _clock = new();
    private TimeSpan _mark;

    /// <summary>Preparing batches.</summary>
    public TimeSpan Data { get; private set; }

    /// <summary>Forward passes and losses.</summary>
    public TimeSpan Forward { get; private set; }

    /// <summary>Backward passes.</summary>
    public TimeSpan Backward { get; private set; }

    /// <summary>Optimizer steps and the rest of each step.</summary>
    public TimeSpan Optimizer { get; private set; }

    /// <summary>All phases.</summary>
    public TimeSpan Total => Data + Forward + Backward + Optimizer;

    /// <summary>Adds <paramref name="other"/>'s times to these.</summary>
    public void Add(StepTimes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Data += other.Data;
        Forward += other.Forward;
        Backward += other.Backward;
        Optimizer += other.Optimizer;
    }

    /// <summary>Starts timing a step.</summary>
    public void Start()
    {
        _clock.Start();
        _mark = _clock.Elapsed;
    }

    /// <summary>The batch is ready.</summary>
    public void DataDone() => Data += Lap();

    /// <summary>The outputs and loss are computed.</summary>
    public void ForwardDone() => Forward += Lap();

    /// <summary>The gradients are computed.</summary>
    public void BackwardDone() => Backward += Lap();

    /// <summary>The step is complete.</summary>
    public void OptimizerDone() => Optimizer += Lap();

    private TimeSpan Lap()
    {
        var now = _clock.Elapsed;
        var lap = now - _mark;
        _mark = now;
        return lap;
    }
}
