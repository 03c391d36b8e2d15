using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>
/// The training script's recipe settings (label smoothing, augmentation, parameter groups, weight average, test-time
/// views) as constants, and per-step schedules, which TrainingLoop.py applies as the .NET trainer does.
/// </summary>
internal static class RecipeScriptCode
{
    public static void WriteSettings(PythonWriter w, TrainingDefinition t)
    {
        w.Line("# Label smoothing of the loss's targets (0: none).");
        w.Line($"LABEL_SMOOTHING = {F(t.LabelSmoothing)}");
        w.Line("# Augmentation of uint8 training images, applied in this order (None: not in the spec); random by");
        w.Line("# (seed, epoch), so a resumed epoch sees the same images.");
        var a = t.Augmentation;
        w.Line(a.Crop is { } crop
            ? $"AUGMENT_CROP = dict(padding={PythonText.Int(crop.Padding)}, fill={PythonText.Str(crop.Fill == CropFill.Reflect ? "reflect" : "zeros")})"
            : "AUGMENT_CROP = None");
        w.Line(a.Flip is { } flip ? $"AUGMENT_FLIP = {PythonText.Str(flip == FlipMode.Alternate ? "alternate" : "random")}" : "AUGMENT_FLIP = None");
        w.Line(a.Cutout is { } cutout ? $"AUGMENT_CUTOUT = {PythonText.Int(cutout)}" : "AUGMENT_CUTOUT = None");
        w.Line("# Learning-rate scale and weight decay (None: the optimizer's) of batch-norm parameters and");
        w.Line("# of biases; None: in the group of all other parameters.");
        w.Line($"BATCH_NORM_GROUP = {Group(t.ParameterGroups.BatchNorm)}");
        w.Line($"BIAS_GROUP = {Group(t.ParameterGroups.Bias)}");
        w.Line("# Exponential moving average of the weights, which evaluation and model.pt use (None: off).");
        w.Line(t.Ema is { } ema ? $"EMA = dict(decay={F(ema.Decay)}, every={PythonText.Int(ema.Every)})" : "EMA = None");
        w.Line("# Evaluation averages the outputs of the image and its mirror image (\"flip\"), half that and");
        w.Line("# half the same for the image moved by one pixel down-right and up-left (\"flip_translate\"),");
        w.Line("# or uses the image alone (\"none\").");
        w.Line($"TEST_TIME_AUGMENTATION = {PythonText.Str(Choices.TestTimeAugmentations.NameOf(t.TestTimeAugmentation))}");
        w.Line("# Whether the learning rate changes after every step (the schedule's per-step form) or every epoch.");
        w.Line($"SCHEDULE_PER_STEP = {PythonText.Bool(t.Schedule.PerStep)}");
    }

    /// <summary>The closed form of the .NET trainer's Schedules.LearningRateAtStep for a per-step schedule.</summary>
    public static void WriteStepSchedule(PythonWriter w, Schedule schedule)
    {
        w.Line("def learning_rate_at_step(step, total_steps, initial=LEARNING_RATE):");
        w.Indent();
        switch (schedule)
        {
            case LinearSchedule l:
                w.Line("\"\"\"Learning rate of 0-based step: linear warm-up, then linear decay (fractions of the run).\"\"\"");
                w.Line("progress = min(1.0, step / total_steps)");
                w.Line($"if progress < {F(l.Warmup)}:");
                w.Indent();
                w.Line($"return initial * ({F(l.StartFactor)} + (1 - {F(l.StartFactor)}) * progress / {F(l.Warmup)})");
                w.Unindent();
                w.Line($"return initial * (1 + ({F(l.EndFactor)} - 1) * (progress - {F(l.Warmup)}) / (1 - {F(l.Warmup)}))");
                break;
            case PiecewiseLinearSchedule p:
                w.Line("\"\"\"Learning rate of 0-based step: lr x the factor interpolated between the points.\"\"\"");
                w.Line($"points = {PythonText.Tuple(p.Points.Select(point => PythonText.FloatTuple(new[] { point.Fraction, point.Factor })).ToList())}");
                w.Line("progress = min(1.0, step / total_steps)");
                w.Line("for (start, low), (end, high) in zip(points, points[1:]):");
                w.Indent();
                w.Line("if progress <= end:");
                w.Indent();
                w.Line("return initial * (low + (high - low) * (progress - start) / (end - start))");
                w.Unindent();
                w.Unindent();
                w.Line("return initial * points[-1][1]");
                break;
            case OneCycleSchedule o:
                var anneal = o.AnnealStrategy == AnnealStrategy.Cosine ? "cosine" : "linear";
                w.Line($"\"\"\"Learning rate of 0-based step: PyTorch's OneCycleLR, lr as max_lr ({anneal}).\"\"\"");
                w.Line($"low = initial / {F(o.DivFactor)}");
                w.Line($"final = low / {F(o.FinalDivFactor)}");
                w.Line($"warmup_end = {F(o.PctStart)} * total_steps - 1");
                w.Line("step = min(step, total_steps - 1)");
                w.Line("if step <= warmup_end:");
                w.Indent();
                w.Line("start, end, fraction = low, initial, step / warmup_end if warmup_end > 0 else 1.0");
                w.Unindent();
                w.Line("else:");
                w.Indent();
                w.Line("start, end, fraction = initial, final, (step - warmup_end) / (total_steps - 1 - warmup_end)");
                w.Unindent();
                w.Line(o.AnnealStrategy == AnnealStrategy.Cosine
                    ? "return end + (start - end) / 2 * (1 + math.cos(math.pi * fraction))"
                    : "return start + (end - start) * fraction");
                break;
            default:
                throw Unexpected.Value(schedule);
        }

        w.Unindent();
    }

    private static string Group(ParameterGroup? group) => group is null
        ? "None"
        : $"dict(lr_scale={F(group.LearningRateScale)}, weight_decay={(group.WeightDecay is { } decay ? F(decay) : "None")})";

    private static string F(double value) => PythonText.Float(value);
}
