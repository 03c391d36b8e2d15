using ModelGen.Compiler.Common;

namespace ModelGen.Compiler.Model;

/// <summary>The spec's <c>training:</c> section, every default applied; a callback not written is null.</summary>
public sealed record TrainingDefinition(
    Optimizer Optimizer,
    Schedule Schedule,
    LossFunction Loss,
    long BatchSize,
    long Epochs,
    Normalization Normalization,
    double LabelSmoothing,
    Augmentation Augmentation,
    ParameterGroups ParameterGroups,
    EmaSettings? Ema,
    TestTimeAugmentation TestTimeAugmentation,
    double ValidationSplit,
    EarlyStopping? EarlyStopping,
    BestCheckpoint? BestCheckpoint,
    ReduceLearningRateOnPlateau? ReduceLearningRateOnPlateau);

/// <summary>Stop when <paramref name="Monitor"/> has not improved by more than <paramref name="MinDelta"/> for <paramref name="Patience"/> epochs.</summary>
public sealed record EarlyStopping(MonitoredMetric Monitor, long Patience, double MinDelta, bool RestoreBest);

/// <summary>Save the model whenever <paramref name="Monitor"/> reaches a new best.</summary>
public sealed record BestCheckpoint(MonitoredMetric Monitor);

/// <summary>Multiply the learning rate by <paramref name="Factor"/> when <paramref name="Monitor"/> stalls for <paramref name="Patience"/> epochs.</summary>
public sealed record ReduceLearningRateOnPlateau(MonitoredMetric Monitor, double Factor, long Patience, double MinDelta, double MinLearningRate);

public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
    Adamax,
    RmsProp,
}

/// <summary>An optimizer and its hyper-parameters.</summary>
public abstract record Optimizer(double LearningRate, double WeightDecay)
{
    public abstract OptimizerKind Kind { get; }
}

/// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum.</summary>
public sealed record SgdOptimizer(double LearningRate, double Momentum, bool Nesterov, double WeightDecay)
    : Optimizer(LearningRate, WeightDecay)
{
    public override OptimizerKind Kind => OptimizerKind.Sgd;
}

/// <summary>Adam, AdamW (decoupled weight decay) or Adamax (infinity norm; no AMSGrad).</summary>
public sealed record AdamOptimizer(OptimizerKind Variant, double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool Amsgrad)
    : Optimizer(LearningRate, WeightDecay)
{
    public override OptimizerKind Kind => Variant;
}

/// <summary>RMSprop.</summary>
public sealed record RmsPropOptimizer(double LearningRate, double Alpha, double Epsilon, double Momentum, bool Centered, double WeightDecay)
    : Optimizer(LearningRate, WeightDecay)
{
    public override OptimizerKind Kind => OptimizerKind.RmsProp;
}

public enum ScheduleKind
{
    Constant,
    Exponential,
    Step,
    Cosine,
    Linear,
    OneCycle,
    PiecewiseLinear,
}

/// <summary>How the learning rate changes from epoch to epoch, or from step to step.</summary>
public abstract record Schedule
{
    public abstract ScheduleKind Kind { get; }

    /// <summary>The learning rate changes every optimisation step (true), or once per epoch.</summary>
    public virtual bool PerStep => false;
}

public sealed record ConstantSchedule : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.Constant;
}

/// <summary>The learning rate times <paramref name="Gamma"/> after every epoch.</summary>
public sealed record ExponentialSchedule(double Gamma) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.Exponential;
}

/// <summary>The learning rate times <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs.</summary>
public sealed record StepSchedule(long StepSize, double Gamma) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.Step;
}

/// <summary>Cosine annealing to <paramref name="MinLearningRate"/> over <paramref name="Period"/> epochs (null: all).</summary>
public sealed record CosineSchedule(long? Period, double MinLearningRate) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.Cosine;
}

/// <summary>
/// Per step: from <paramref name="StartFactor"/> x lr up to lr over the first <paramref name="Warmup"/> of the run's steps,
/// then down to <paramref name="EndFactor"/> x lr at the last step.
/// </summary>
public sealed record LinearSchedule(double Warmup, double StartFactor, double EndFactor) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.Linear;

    public override bool PerStep => true;
}

/// <summary>Per step, as PyTorch's OneCycleLR with lr as its max_lr (the learning rate only; momentum is not cycled).</summary>
public sealed record OneCycleSchedule(double PctStart, double DivFactor, double FinalDivFactor, AnnealStrategy AnnealStrategy) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.OneCycle;

    public override bool PerStep => true;
}

/// <summary>Per step: lr times the factor interpolated linearly between <paramref name="Points"/>.</summary>
public sealed record PiecewiseLinearSchedule(EquatableArray<SchedulePoint> Points) : Schedule
{
    public override ScheduleKind Kind => ScheduleKind.PiecewiseLinear;

    public override bool PerStep => true;
}

/// <summary>A point of a piecewise-linear schedule: at <paramref name="Fraction"/> of the run's steps, lr times <paramref name="Factor"/>.</summary>
public readonly record struct SchedulePoint(double Fraction, double Factor);

/// <summary>
/// Random changes to training images, applied to uint8 batches in this order: crop, flip, cutout. Null members are
/// not applied.
/// </summary>
public sealed record Augmentation(RandomCrop? Crop, FlipMode? Flip, long? Cutout)
{
    public static Augmentation None { get; } = new(null, null, null);

    public bool Any => Crop is not null || Flip is not null || Cutout is not null;
}

/// <summary>A random crop of the image padded by <paramref name="Padding"/> on every side: a random translation.</summary>
public sealed record RandomCrop(long Padding, CropFill Fill);

/// <summary>The learning-rate scale and weight decay of batch-norm parameters and of biases; null: as the rest.</summary>
public sealed record ParameterGroups(ParameterGroup? BatchNorm, ParameterGroup? Bias)
{
    public static ParameterGroups None { get; } = new(null, null);
}

/// <summary>One group's learning-rate scale, and its weight decay (null: the optimizer's).</summary>
public sealed record ParameterGroup(double LearningRateScale, double? WeightDecay);

/// <summary>An exponential moving average of the weights, updated every <paramref name="Every"/> steps.</summary>
public sealed record EmaSettings(double Decay, long Every);

/// <summary>Raw 8-bit inputs become (x / 255 - mean) / std; one value for all channels or one per channel.</summary>
public sealed record Normalization(EquatableArray<double> Mean, EquatableArray<double> Std);
