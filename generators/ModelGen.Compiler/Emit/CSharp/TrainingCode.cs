using System.Collections.Generic;
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
        // Validation and callbacks only when the spec has them: the runtime's defaults mean "none".
        var optional = new List<string>();
        if (t.ValidationSplit > 0)
        {
            optional.Add($"ValidationSplit: {D(t.ValidationSplit)}");
        }

        if (t.EarlyStopping is { } e)
        {
            optional.Add($"EarlyStopping: new EarlyStoppingSettings(Monitor: {Monitor(e.Monitor)}, Patience: {CSharpText.Long(e.Patience)}, MinDelta: {D(e.MinDelta)}, RestoreBest: {B(e.RestoreBest)})");
        }

        if (t.BestCheckpoint is { } c)
        {
            optional.Add($"BestCheckpoint: new BestCheckpointSettings(Monitor: {Monitor(c.Monitor)})");
        }

        if (t.ReduceLearningRateOnPlateau is { } r)
        {
            optional.Add($"ReduceLearningRateOnPlateau: new ReduceLearningRateSettings(Monitor: {Monitor(r.Monitor)}, Factor: {D(r.Factor)}, Patience: {CSharpText.Long(r.Patience)}, MinDelta: {D(r.MinDelta)}, MinLearningRate: {D(r.MinLearningRate)})");
        }

        // The recipe's settings are init properties whose defaults mean "off": only those the spec turns on are written.
        var recipe = new List<string>();
        if (t.LabelSmoothing > 0)
        {
            recipe.Add($"LabelSmoothing = {D(t.LabelSmoothing)}");
        }

        if (t.Augmentation.Any)
        {
            recipe.Add($"Augmentation = {Augmentation(t.Augmentation)}");
        }

        if (t.ParameterGroups.BatchNorm is not null || t.ParameterGroups.Bias is not null)
        {
            recipe.Add($"ParameterGroups = {ParameterGroups(t.ParameterGroups)}");
        }

        if (t.Ema is { } ema)
        {
            recipe.Add($"Ema = new EmaSettings(Decay: {D(ema.Decay)}, Every: {CSharpText.Long(ema.Every)})");
        }

        if (t.TestTimeAugmentation != TestTimeAugmentation.None)
        {
            recipe.Add($"TestTimeAugmentation = TestTimeAugmentation.{t.TestTimeAugmentation}");
        }

        var close = recipe.Count == 0 ? ");" : ")";
        var normalization = $"Normalization: new InputNormalization(Mean: {CSharpText.DoubleArray(t.Normalization.Mean)}, Std: {CSharpText.DoubleArray(t.Normalization.Std)})";
        w.Line(normalization + (optional.Count == 0 ? close : ","));
        for (var i = 0; i < optional.Count; i++)
        {
            w.Line(optional[i] + (i == optional.Count - 1 ? close : ","));
        }

        w.Unindent();

        if (recipe.Count > 0)
        {
            w.Line("{");
            w.Indent();
            foreach (var setting in recipe)
            {
                w.Line(setting + ",");
            }

            w.Unindent();
            w.Line("};");
        }
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

    private static string Monitor(MonitoredMetric metric) => $"MonitoredMetric.{metric}";

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
