using System.Linq;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Language;

/// <summary>The keys of the optimizers and schedules. Where optimizers differ in a default, each has its own key.</summary>
internal static class OptimizerKeys
{
    public static readonly KeyInfo SgdLearningRate = LearningRate("0.01");
    public static readonly KeyInfo AdamLearningRate = LearningRate("0.001");
    public static readonly KeyInfo AdamaxLearningRate = LearningRate("0.002");
    public static readonly KeyInfo RmsPropLearningRate = LearningRate("0.01");

    public static readonly KeyInfo WeightDecay = Decay("0");

    /// <summary>AdamW's decoupled weight decay defaults to 0.01, as in PyTorch.</summary>
    public static readonly KeyInfo AdamWWeightDecay = Decay("0.01");

    public static readonly KeyInfo Beta1 = Beta("beta1", "0.9", "0.8");
    public static readonly KeyInfo Beta2 = Beta("beta2", "0.999", "0.99");

    public static readonly KeyInfo Epsilon =
        new("eps", ValueKind.Number, "Added to the denominator for numerical stability.", Default: "1e-08", Min: 0, Max: 1, MinExclusive: true, Example: "1e-07");

    public static readonly KeyInfo Momentum =
        new("momentum", ValueKind.Number, "Momentum factor.", Default: "0", Min: 0, Max: 1, MaxExclusive: true, Example: "0.9");

    public static readonly KeyInfo Nesterov =
        new("nesterov", ValueKind.Boolean, "Use Nesterov momentum (needs momentum > 0).", Default: "false", Example: "true");

    public static readonly KeyInfo Amsgrad = new("amsgrad", ValueKind.Boolean, "Use the AMSGrad variant.", Default: "false", Example: "true");

    public static readonly KeyInfo Alpha =
        new("alpha", ValueKind.Number, "Smoothing constant of the squared-gradient average (Keras: rho).", Default: "0.99", Min: 0, Max: 1, MaxExclusive: true, Example: "0.9");

    public static readonly KeyInfo Centered =
        new("centered", ValueKind.Boolean, "Normalise by the estimated variance of the gradient.", Default: "false", Example: "true");

    private static KeyInfo LearningRate(string defaultValue) =>
        new("lr", ValueKind.Number, "The initial learning rate.", Default: defaultValue, Min: 0, Max: SpecLanguage.MaxSize, MinExclusive: true, Example: "0.0003");

    private static KeyInfo Decay(string defaultValue) =>
        new("weight_decay", ValueKind.Number, "L2 penalty (decoupled for adamw).", Default: defaultValue, Min: 0, Max: SpecLanguage.MaxSize, Example: "0.0001");

    private static KeyInfo Beta(string name, string defaultValue, string example) =>
        new(name, ValueKind.Number, "Exponential decay rate of the moment estimates.", Default: defaultValue, Min: 0, Max: 1, MaxExclusive: true, Example: example);
}

internal static class ScheduleKeys
{
    public static readonly KeyInfo ExponentialGamma =
        new("gamma", ValueKind.Number, "The factor applied after each epoch.", Required: true, Min: 0, Max: 1, MinExclusive: true, Example: "0.9");

    public static readonly KeyInfo StepSize = LayerKeys.Positive("step_size", "Epochs between two decays.", "10", required: true);

    public static readonly KeyInfo StepGamma =
        new("gamma", ValueKind.Number, "The factor applied every step_size epochs.", Default: "0.1", Min: 0, Max: 1, MinExclusive: true, Example: "0.5");

    public static readonly KeyInfo Period = LayerKeys.Positive("period", "Epochs of one half cosine (default: the number of epochs).", "50");

    public static readonly KeyInfo MinLearningRate =
        new("min_lr", ValueKind.Number, "The learning rate at the end of the period.", Default: "0", Min: 0, Max: SpecLanguage.MaxSize, Example: "0.0001");

    public static readonly KeyInfo Warmup =
        new("warmup", ValueKind.Number, "The fraction of the run's steps over which the learning rate rises from start_factor x lr to lr.", Default: "0", Min: 0, Max: 1, MaxExclusive: true, Example: "0.2");

    public static readonly KeyInfo StartFactor =
        new("start_factor", ValueKind.Number, "The learning rate of the first step, as a fraction of lr (with warmup).", Default: "0", Min: 0, Max: 1, Example: "0.2");

    public static readonly KeyInfo EndFactor =
        new("end_factor", ValueKind.Number, "The learning rate of the last step, as a fraction of lr.", Default: "0", Min: 0, Max: 1, Example: "0.07");

    public static readonly KeyInfo PctStart =
        new("pct_start", ValueKind.Number, "The fraction of the run's steps spent raising the learning rate to lr.", Default: "0.3", Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true, Example: "0.25");

    public static readonly KeyInfo DivFactor =
        new("div_factor", ValueKind.Number, "The first step's learning rate is lr / div_factor.", Default: "25", Min: 1, Max: SpecLanguage.MaxSize, Example: "10");

    public static readonly KeyInfo FinalDivFactor =
        new("final_div_factor", ValueKind.Number, "The last step's learning rate is lr / (div_factor x final_div_factor).", Default: "10000", Min: 1, Max: SpecLanguage.MaxSize, Example: "1000");

    public static readonly KeyInfo AnnealStrategy =
        new("anneal_strategy", ValueKind.Choice, "cos or linear: the shape of both phases.", Default: "cos", Choices: Choices.AnnealStrategies, Example: "linear");

    public static readonly KeyInfo Points =
        new("points", ValueKind.Points, "[fraction of the run's steps, factor of lr] pairs from fraction 0 to 1; the factor is interpolated linearly in between.",
            Required: true, Min: 0, Max: SpecLanguage.MaxSize, Example: "[[0, 0.2], [0.23, 1], [1, 0.07]]");
}

/// <summary>
/// The keys of the callbacks (<c>early_stopping:</c>, <c>best_checkpoint:</c>, <c>reduce_lr_on_plateau:</c>). Keras's
/// defaults, except early stopping's patience and restore_best, where nearly every Keras example writes out 5 and true.
/// </summary>
internal static class CallbackKeys
{
    public static readonly KeyInfo Monitor =
        new("monitor", ValueKind.Choice, "The epoch's figure watched: val_loss, val_accuracy, val_mae (on the validation data), or loss, accuracy, mae (on the training batches).",
            Default: "val_loss", Choices: Choices.Monitors, Example: "val_accuracy");

    public static readonly KeyInfo EarlyStoppingPatience =
        new("patience", ValueKind.Integer, "Training stops after this many epochs in a row without improvement.", Default: "5", Min: 1, Max: SpecLanguage.MaxSize, Example: "10");

    public static readonly KeyInfo EarlyStoppingMinDelta = MinDelta("0");

    public static readonly KeyInfo RestoreBest =
        new("restore_best", ValueKind.Boolean, "End training with the weights of the best epoch rather than the last one (Keras: restore_best_weights).", Default: "true", Example: "false");

    public static readonly KeyInfo Factor =
        new("factor", ValueKind.Number, "The factor the learning rate is multiplied by at each reduction.", Default: "0.1", Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true, Example: "0.5");

    public static readonly KeyInfo PlateauPatience =
        new("patience", ValueKind.Integer, "The learning rate is reduced after this many epochs in a row without improvement.", Default: "10", Min: 1, Max: SpecLanguage.MaxSize, Example: "3");

    public static readonly KeyInfo PlateauMinDelta = MinDelta("0.0001");

    public static readonly KeyInfo MinLearningRate =
        new("min_lr", ValueKind.Number, "The learning rate a reduction never goes below.", Default: "0", Min: 0, Max: SpecLanguage.MaxSize, Example: "0.00001");

    public static readonly IReadOnlyList<KeyInfo> EarlyStopping = new[] { Monitor, EarlyStoppingPatience, EarlyStoppingMinDelta, RestoreBest };

    public static readonly IReadOnlyList<KeyInfo> BestCheckpoint = new[] { Monitor };

    public static readonly IReadOnlyList<KeyInfo> ReduceLearningRateOnPlateau = new[] { Monitor, Factor, PlateauPatience, PlateauMinDelta, MinLearningRate };

    private static KeyInfo MinDelta(string defaultValue) =>
        new("min_delta", ValueKind.Number, "How much the figure must improve on the best so far to count as an improvement.", Default: defaultValue, Min: 0, Max: SpecLanguage.MaxSize, Example: "0.001");
}

/// <summary>The optimizers and learning-rate schedules, in the order documentation lists them.</summary>
internal static class TrainingCatalogue
{
    public static readonly TaggedInfo<OptimizerKind> Sgd = new(OptimizerKind.Sgd, "sgd", "Stochastic gradient descent, optionally with (Nesterov) momentum.",
        new[] { OptimizerKeys.SgdLearningRate, OptimizerKeys.Momentum, OptimizerKeys.Nesterov, OptimizerKeys.WeightDecay },
        OptimizerKeys.SgdLearningRate, example: "optimizer: {sgd: {lr: 0.01, momentum: 0.9, nesterov: true}}");

    public static readonly TaggedInfo<OptimizerKind> Adam =
        AdamLike(OptimizerKind.Adam, "adam", "Adam.", OptimizerKeys.AdamLearningRate, OptimizerKeys.WeightDecay, amsgrad: true);

    public static readonly TaggedInfo<OptimizerKind> AdamW =
        AdamLike(OptimizerKind.AdamW, "adamw", "Adam with decoupled weight decay.", OptimizerKeys.AdamLearningRate, OptimizerKeys.AdamWWeightDecay, amsgrad: true);

    public static readonly TaggedInfo<OptimizerKind> Adamax =
        AdamLike(OptimizerKind.Adamax, "adamax", "Adamax, the infinity-norm variant of Adam.", OptimizerKeys.AdamaxLearningRate, OptimizerKeys.WeightDecay, amsgrad: false);

    public static readonly TaggedInfo<OptimizerKind> RmsProp = new(OptimizerKind.RmsProp, "rmsprop", "RMSprop.", new[]
    {
        OptimizerKeys.RmsPropLearningRate, OptimizerKeys.Alpha, OptimizerKeys.Epsilon, OptimizerKeys.Momentum, OptimizerKeys.Centered, OptimizerKeys.WeightDecay,
    }, OptimizerKeys.RmsPropLearningRate, example: "optimizer: {rmsprop: {lr: 0.001}}");

    public static readonly IReadOnlyList<TaggedInfo<OptimizerKind>> Optimizers = new[] { Sgd, Adam, AdamW, Adamax, RmsProp };

    public static readonly TaggedInfo<ScheduleKind> Constant =
        new(ScheduleKind.Constant, "constant", "The learning rate never changes.", Array.Empty<KeyInfo>(), example: "schedule: constant");

    public static readonly TaggedInfo<ScheduleKind> Exponential = new(ScheduleKind.Exponential, "exponential", "Multiplies the learning rate by gamma after every epoch.",
        new[] { ScheduleKeys.ExponentialGamma }, ScheduleKeys.ExponentialGamma, example: "schedule: {exponential: 0.9}");

    public static readonly TaggedInfo<ScheduleKind> Step = new(ScheduleKind.Step, "step", "Multiplies the learning rate by gamma every step_size epochs.",
        new[] { ScheduleKeys.StepSize, ScheduleKeys.StepGamma }, ScheduleKeys.StepSize, example: "schedule: {step: {step_size: 10, gamma: 0.5}}");

    public static readonly TaggedInfo<ScheduleKind> Cosine = new(ScheduleKind.Cosine, "cosine", "Cosine annealing from the initial learning rate down to min_lr.",
        new[] { ScheduleKeys.Period, ScheduleKeys.MinLearningRate }, example: "schedule: {cosine: {min_lr: 0.0001}}");

    public static readonly TaggedInfo<ScheduleKind> Linear = new(ScheduleKind.Linear, "linear",
        "Per step: a linear warm-up from start_factor x lr to lr over the first warmup of the run, then a linear decay to end_factor x lr at the last step.",
        new[] { ScheduleKeys.Warmup, ScheduleKeys.StartFactor, ScheduleKeys.EndFactor }, ScheduleKeys.Warmup, example: "schedule: {linear: {warmup: 0.2, end_factor: 0}}");

    public static readonly TaggedInfo<ScheduleKind> OneCycle = new(ScheduleKind.OneCycle, "one_cycle",
        "Per step, as PyTorch's OneCycleLR: up from lr / div_factor to lr over pct_start of the run, then down to lr / (div_factor x final_div_factor).",
        new[] { ScheduleKeys.PctStart, ScheduleKeys.DivFactor, ScheduleKeys.FinalDivFactor, ScheduleKeys.AnnealStrategy }, ScheduleKeys.PctStart,
        example: "schedule: {one_cycle: {pct_start: 0.25}}");

    public static readonly TaggedInfo<ScheduleKind> PiecewiseLinear = new(ScheduleKind.PiecewiseLinear, "piecewise_linear",
        "Per step: lr times a factor interpolated linearly between points given in fractions of the run.",
        new[] { ScheduleKeys.Points }, ScheduleKeys.Points, example: "schedule: {piecewise_linear: [[0, 0.2], [0.23, 1], [1, 0.07]]}");

    public static readonly IReadOnlyList<TaggedInfo<ScheduleKind>> Schedules = new[] { Constant, Exponential, Step, Cosine, Linear, OneCycle, PiecewiseLinear };

    private static TaggedInfo<OptimizerKind> AdamLike(OptimizerKind kind, string name, string description, KeyInfo learningRate, KeyInfo weightDecay, bool amsgrad) =>
        new(kind, name, description,
            new[] { learningRate, OptimizerKeys.Beta1, OptimizerKeys.Beta2, OptimizerKeys.Epsilon, weightDecay }
                .Concat(amsgrad ? new[] { OptimizerKeys.Amsgrad } : Array.Empty<KeyInfo>())
                .ToArray(),
            learningRate, example: $"optimizer: {{{name}: {{lr: {learningRate.Default}}}}}");
}
