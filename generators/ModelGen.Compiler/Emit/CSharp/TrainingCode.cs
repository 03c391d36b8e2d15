using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>The spec's training section as the runtime's typed <c>TrainingSettings</c>.</summary>
internal static class TrainingCode
{
    public static void Write(SourceWriter w, TrainingDefinition t)
    {
        w.Line("/// <summary>The spec's training settings, defaults applied.</summary>");
        w.Line("public static TrainingSettings Training { get; } = new(");
        w.Indent();
        w.Line($"Optimizer: {Optimizer(t.Optimizer)},");
        w.Line($"Schedule: {Schedule(t.Schedule)},");
        w.Line($"Loss: LossFunction.{t.Loss},");
        w.Line($"BatchSize: {CSharpText.Long(t.BatchSize)},");
        w.Line($"Epochs: {CSharpText.Long(t.Epochs)},");
        w.Line($"Normalization: new InputNormalization(Mean: {CSharpText.DoubleArray(t.Normalization.Mean)}, Std: {CSharpText.DoubleArray(t.Normalization.Std)}))");
        w.Unindent();
        w.Line("{");
        w.Indent();
        w.Line($"LabelSmoothing = {D(t.LabelSmoothing)},");
        w.Line($"Augmentation = {Augmentation(t.Augmentation)},");
        w.Line($"ParameterGroups = {ParameterGroups(t.ParameterGroups)},");
        w.Line($"Ema = {(t.Ema is { } ema ? $"new EmaSettings(Decay: {D(ema.Decay)}, Every: {CSharpText.Long(ema.Every)})" : "null")},");
        w.Line($"TestTimeAugmentation = TestTimeAugmentation.{t.TestTimeAugmentation},");
        w.Unindent();
        w.Line("};");
    }

    private static string Augmentation(Augmentation a) => a.Any
        ? $"new Augmentation(Crop: {(a.Crop is { } crop ? $"new RandomCrop(Padding: {CSharpText.Long(crop.Padding)}, Fill: CropFill.{crop.Fill})" : "null")}, " +
          $"Flip: {(a.Flip is { } flip ? $"FlipMode.{flip}" : "null")}, Cutout: {(a.Cutout is { } cutout ? CSharpText.Long(cutout) : "null")})"
        : "Augmentation.None";

    private static string ParameterGroups(ParameterGroups groups) => groups.BatchNorm is null && groups.Bias is null
        ? "ParameterGroups.None"
        : $"new ParameterGroups(BatchNorm: {Group(groups.BatchNorm)}, Bias: {Group(groups.Bias)})";

    private static string Group(ParameterGroup? group) => group is null
        ? "null"
        : $"new ParameterGroup(LearningRateScale: {D(group.LearningRateScale)}, WeightDecay: {(group.WeightDecay is { } decay ? D(decay) : "null")})";

    private static string Optimizer(Optimizer optimizer) => optimizer switch
    {
        SgdOptimizer s => $"new SgdSettings(LearningRate: {D(s.LearningRate)}, Momentum: {D(s.Momentum)}, Nesterov: {B(s.Nesterov)}, WeightDecay: {D(s.WeightDecay)})",
        AdamOptimizer { Variant: OptimizerKind.Adamax } a =>
            $"new AdamaxSettings(LearningRate: {D(a.LearningRate)}, Beta1: {D(a.Beta1)}, Beta2: {D(a.Beta2)}, Epsilon: {D(a.Epsilon)}, WeightDecay: {D(a.WeightDecay)})",
        AdamOptimizer a =>
            $"new {(a.Variant == OptimizerKind.AdamW ? "AdamWSettings" : "AdamSettings")}(LearningRate: {D(a.LearningRate)}, Beta1: {D(a.Beta1)}, Beta2: {D(a.Beta2)}, Epsilon: {D(a.Epsilon)}, WeightDecay: {D(a.WeightDecay)}, Amsgrad: {B(a.Amsgrad)})",
        RmsPropOptimizer r =>
            $"new RmsPropSettings(LearningRate: {D(r.LearningRate)}, Alpha: {D(r.Alpha)}, Epsilon: {D(r.Epsilon)}, Momentum: {D(r.Momentum)}, Centered: {B(r.Centered)}, WeightDecay: {D(r.WeightDecay)})",
        _ => throw Unexpected.Value(optimizer),
    };

    private static string Schedule(Schedule schedule) => schedule switch
    {
        ConstantSchedule => "new ConstantSchedule()",
        ExponentialSchedule e => $"new ExponentialSchedule(Gamma: {D(e.Gamma)})",
        StepSchedule s => $"new StepSchedule(StepSize: {CSharpText.Long(s.StepSize)}, Gamma: {D(s.Gamma)})",
        CosineSchedule c => $"new CosineSchedule(Period: {(c.Period is { } period ? CSharpText.Long(period) : "null")}, MinLearningRate: {D(c.MinLearningRate)})",
        LinearSchedule l => $"new LinearSchedule(Warmup: {D(l.Warmup)}, StartFactor: {D(l.StartFactor)}, EndFactor: {D(l.EndFactor)})",
        OneCycleSchedule o =>
            $"new OneCycleSchedule(PctStart: {D(o.PctStart)}, DivFactor: {D(o.DivFactor)}, FinalDivFactor: {D(o.FinalDivFactor)}, AnnealStrategy: AnnealStrategy.{o.AnnealStrategy})",
        PiecewiseLinearSchedule p =>
            $"new PiecewiseLinearSchedule(ImmutableArray.Create({string.Join(", ", p.Points.Select(point => $"new SchedulePoint({D(point.Fraction)}, {D(point.Factor)})"))}))",
        _ => throw Unexpected.Value(schedule),
    };

    private static string D(double value) => CSharpText.Double(value);

    private static string B(bool value) => CSharpText.Bool(value);
}
