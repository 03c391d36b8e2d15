using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Compiler.Binding;

/// <summary>Binds <c>training:</c>: optimizer, schedule, loss, batch size, epochs and normalisation, defaults applied.</summary>
internal static class TrainingBinder
{
    public static TrainingDefinition Bind(SpecSyntax syntax, IReadOnlyList<BoundLayer> layers)
    {
        var training = syntax.Training;
        var loss = training.Get<ChoiceValue>(SpecKeys.Loss) is { } written
            ? Choices.Losses[written.Name]
            : SpecLanguage.DefaultLoss(layers.Count == 0 ? null : OutputFacts.FinalActivation(layers.Select(l => l.Layer).ToList()));
        return new TrainingDefinition(
            Optimizer(syntax.Optimizer),
            Schedule(syntax.Schedule),
            loss,
            Binder.Integer(training, SpecKeys.BatchSize),
            Binder.Integer(training, SpecKeys.Epochs),
            new Normalization(Values(syntax.Normalize, SpecKeys.Mean), Values(syntax.Normalize, SpecKeys.Std)),
            Binder.Number(training, SpecKeys.LabelSmoothing),
            Augmentation(syntax.Augment),
            new ParameterGroups(Group(syntax.ParameterGroups, RecipeCatalogue.BatchNormGroup), Group(syntax.ParameterGroups, RecipeCatalogue.BiasGroup)),
            syntax.EmaSpan is null ? null : new EmaSettings(Required(syntax.Ema, RecipeKeys.EmaDecay), Binder.Integer(syntax.Ema, RecipeKeys.EmaEvery)),
            Binder.Choice(training, SpecKeys.TestTimeAugmentation, Choices.TestTimeAugmentations),
            Binder.Number(training, SpecKeys.ValidationSplit),
            syntax.Callbacks.TryGetValue(SpecKeys.EarlyStopping, out var early)
                ? new EarlyStopping(Monitor(early), Binder.Integer(early, CallbackKeys.EarlyStoppingPatience), Binder.Number(early, CallbackKeys.EarlyStoppingMinDelta), Binder.Boolean(early, CallbackKeys.RestoreBest))
                : null,
            syntax.Callbacks.TryGetValue(SpecKeys.BestCheckpoint, out var best) ? new BestCheckpoint(Monitor(best)) : null,
            syntax.Callbacks.TryGetValue(SpecKeys.ReduceLearningRateOnPlateau, out var plateau)
                ? new ReduceLearningRateOnPlateau(
                    Monitor(plateau),
                    Binder.Number(plateau, CallbackKeys.Factor),
                    Binder.Integer(plateau, CallbackKeys.PlateauPatience),
                    Binder.Number(plateau, CallbackKeys.PlateauMinDelta),
                    Binder.Number(plateau, CallbackKeys.MinLearningRate))
                : null);
    }

    private static Augmentation Augmentation(IReadOnlyList<TaggedSyntax> written)
    {
        var crop = written.FirstOrDefault(a => a.Info == RecipeCatalogue.Crop)?.Settings;
        var flip = written.FirstOrDefault(a => a.Info == RecipeCatalogue.Flip)?.Settings;
        var cutout = written.FirstOrDefault(a => a.Info == RecipeCatalogue.Cutout)?.Settings;
        return new Augmentation(
            crop is null ? null : new RandomCrop(crop.Get<IntegerValue>(RecipeKeys.CropPadding)?.Value ?? 0, Binder.Choice(crop, RecipeKeys.CropFill, Choices.CropFills)),
            flip is null ? null : Binder.Choice(flip, RecipeKeys.FlipMode, Choices.FlipModes),
            cutout?.Get<IntegerValue>(RecipeKeys.CutoutSize)?.Value);
    }

    private static ParameterGroup? Group(IReadOnlyList<TaggedSyntax> written, TaggedInfo info) =>
        written.FirstOrDefault(g => g.Info == info)?.Settings is { } s
            ? new ParameterGroup(Binder.Number(s, RecipeKeys.LearningRateScale), s.Get<NumberValue>(RecipeKeys.GroupWeightDecay)?.Value)
            : null;

    private static MonitoredMetric Monitor(Settings s) =>
        s.Get<ChoiceValue>(CallbackKeys.Monitor) is { } written ? Choices.Monitors[written.Name] : Defaults.Choice(CallbackKeys.Monitor, Choices.Monitors);

    private static Optimizer Optimizer(TaggedSyntax? written)
    {
        var info = (TaggedInfo<OptimizerKind>?)written?.Info ?? SpecLanguage.Optimizers.First(o => o.Name == SpecKeys.Optimizer.Default);
        var s = written?.Settings ?? new Settings();
        return info.Kind switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(
                Binder.Number(s, OptimizerKeys.SgdLearningRate),
                Binder.Number(s, OptimizerKeys.Momentum),
                Binder.Boolean(s, OptimizerKeys.Nesterov),
                Binder.Number(s, OptimizerKeys.WeightDecay)),
            OptimizerKind.Adam => Adam(s, OptimizerKind.Adam, OptimizerKeys.AdamLearningRate, OptimizerKeys.WeightDecay),
            OptimizerKind.AdamW => Adam(s, OptimizerKind.AdamW, OptimizerKeys.AdamLearningRate, OptimizerKeys.AdamWWeightDecay),
            OptimizerKind.Adamax => Adam(s, OptimizerKind.Adamax, OptimizerKeys.AdamaxLearningRate, OptimizerKeys.WeightDecay),
            OptimizerKind.RmsProp => new RmsPropOptimizer(
                Binder.Number(s, OptimizerKeys.RmsPropLearningRate),
                Binder.Number(s, OptimizerKeys.Alpha),
                Binder.Number(s, OptimizerKeys.Epsilon),
                Binder.Number(s, OptimizerKeys.Momentum),
                Binder.Boolean(s, OptimizerKeys.Centered),
                Binder.Number(s, OptimizerKeys.WeightDecay)),
            _ => throw Unexpected.Value(info.Kind),
        };
    }

    /// <summary>Adam, AdamW or Adamax (which has no AMSGrad variant, so the key is not in its catalogue entry).</summary>
    private static AdamOptimizer Adam(Settings s, OptimizerKind variant, KeyInfo learningRate, KeyInfo weightDecay) => new(
        variant,
        Binder.Number(s, learningRate),
        Binder.Number(s, OptimizerKeys.Beta1),
        Binder.Number(s, OptimizerKeys.Beta2),
        Binder.Number(s, OptimizerKeys.Epsilon),
        Binder.Number(s, weightDecay),
        variant != OptimizerKind.Adamax && Binder.Boolean(s, OptimizerKeys.Amsgrad));

    private static Schedule Schedule(TaggedSyntax? written)
    {
        var info = (TaggedInfo<ScheduleKind>?)written?.Info ?? SpecLanguage.Schedules.First(o => o.Name == SpecKeys.Schedule.Default);
        var s = written?.Settings ?? new Settings();
        return info.Kind switch
        {
            ScheduleKind.Constant => new ConstantSchedule(),
            ScheduleKind.Exponential => new ExponentialSchedule(Required(s, ScheduleKeys.ExponentialGamma)),
            ScheduleKind.Step => new StepSchedule(s.Get<IntegerValue>(ScheduleKeys.StepSize)?.Value ?? 0, Binder.Number(s, ScheduleKeys.StepGamma)),
            ScheduleKind.Cosine => new CosineSchedule(s.Get<IntegerValue>(ScheduleKeys.Period)?.Value, Binder.Number(s, ScheduleKeys.MinLearningRate)),
            ScheduleKind.Linear => new LinearSchedule(
                Binder.Number(s, ScheduleKeys.Warmup), Binder.Number(s, ScheduleKeys.StartFactor), Binder.Number(s, ScheduleKeys.EndFactor)),
            ScheduleKind.OneCycle => new OneCycleSchedule(
                Binder.Number(s, ScheduleKeys.PctStart),
                Binder.Number(s, ScheduleKeys.DivFactor),
                Binder.Number(s, ScheduleKeys.FinalDivFactor),
                Binder.Choice(s, ScheduleKeys.AnnealStrategy, Choices.AnnealStrategies)),
            ScheduleKind.PiecewiseLinear => new PiecewiseLinearSchedule(
                s.Get<PointsValue>(ScheduleKeys.Points)?.Value ?? EquatableArray.Create(new SchedulePoint(0, 1), new SchedulePoint(1, 1))),
            _ => throw Unexpected.Value(info.Kind),
        };
    }

    /// <summary>
    /// A required schedule setting. A missing one has its error already; the placeholder keeps binding total, and the
    /// error keeps the model from being generated.
    /// </summary>
    private static double Required(Settings s, KeyInfo key) => s.Get<NumberValue>(key)?.Value ?? double.NaN;

    private static EquatableArray<double> Values(Settings s, KeyInfo key) =>
        s.Get<NumbersValue>(key)?.Value ?? EquatableArray.Create(Defaults.Number(key));
}
