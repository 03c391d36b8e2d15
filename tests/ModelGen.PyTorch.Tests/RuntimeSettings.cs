using System.Collections.Immutable;
using Compiled = ModelGen.Compiler.Model;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The runtime's TrainingSettings for a compiled training section: what the generated C# class's Training property
/// holds for that spec, so a test can train in .NET with a section that no generated class has.
/// </summary>
internal static class RuntimeSettings
{
    public static TrainingSettings From(Compiled.TrainingDefinition t) => new(
        Optimizer(t.Optimizer),
        Schedule(t.Schedule),
        t.Loss switch
        {
            Compiled.LossFunction.CategoricalCrossEntropy => LossFunction.CategoricalCrossEntropy,
            Compiled.LossFunction.CrossEntropy => LossFunction.CrossEntropy,
            Compiled.LossFunction.NegativeLogLikelihood => LossFunction.NegativeLogLikelihood,
            Compiled.LossFunction.BinaryCrossEntropy => LossFunction.BinaryCrossEntropy,
            Compiled.LossFunction.MeanSquaredError => LossFunction.MeanSquaredError,
            _ => throw new ArgumentException($"Unknown loss {t.Loss}.", nameof(t)),
        },
        (int)t.BatchSize,
        (int)t.Epochs,
        new InputNormalization(t.Normalization.Mean.ToImmutableArray(), t.Normalization.Std.ToImmutableArray()))
    {
        LabelSmoothing = t.LabelSmoothing,
        ParameterGroups = new ParameterGroups(Group(t.ParameterGroups.BatchNorm), Group(t.ParameterGroups.Bias)),
        Ema = t.Ema is { } ema ? new EmaSettings(ema.Decay, (int)ema.Every) : null,
        TestTimeAugmentation = (TestTimeAugmentation)t.TestTimeAugmentation,   // the same enum, linked into both assemblies
    };

    private static ParameterGroup? Group(Compiled.ParameterGroup? group) =>
        group is null ? null : new ParameterGroup(group.LearningRateScale, group.WeightDecay);

    private static OptimizerSettings Optimizer(Compiled.Optimizer optimizer) => optimizer switch
    {
        Compiled.SgdOptimizer s => new SgdSettings(s.LearningRate, s.Momentum, s.Nesterov, s.WeightDecay),
        Compiled.AdamOptimizer { Variant: Compiled.OptimizerKind.Adamax } a => new AdamaxSettings(a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay),
        Compiled.AdamOptimizer { Variant: Compiled.OptimizerKind.AdamW } a => new AdamWSettings(a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay, a.Amsgrad),
        Compiled.AdamOptimizer a => new AdamSettings(a.LearningRate, a.Beta1, a.Beta2, a.Epsilon, a.WeightDecay, a.Amsgrad),
        Compiled.RmsPropOptimizer r => new RmsPropSettings(r.LearningRate, r.Alpha, r.Epsilon, r.Momentum, r.Centered, r.WeightDecay),
        _ => throw new ArgumentException($"Unknown optimizer {optimizer}.", nameof(optimizer)),
    };

    private static LearningRateSchedule Schedule(Compiled.Schedule schedule) => schedule switch
    {
        Compiled.ConstantSchedule => new ConstantSchedule(),
        Compiled.ExponentialSchedule e => new ExponentialSchedule(e.Gamma),
        Compiled.StepSchedule s => new StepSchedule((int)s.StepSize, s.Gamma),
        Compiled.CosineSchedule c => new CosineSchedule((int?)c.Period, c.MinLearningRate),
        Compiled.LinearSchedule l => new LinearSchedule(l.Warmup, l.StartFactor, l.EndFactor),
        Compiled.OneCycleSchedule o => new OneCycleSchedule(o.PctStart, o.DivFactor, o.FinalDivFactor, (AnnealStrategy)o.AnnealStrategy),
        Compiled.PiecewiseLinearSchedule p => new PiecewiseLinearSchedule(p.Points.Select(point => new SchedulePoint(point.Fraction, point.Factor)).ToImmutableArray()),
        _ => throw new ArgumentException($"Unknown schedule {schedule}.", nameof(schedule)),
    };
}
