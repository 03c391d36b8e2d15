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
}

/// <summary>How the learning rate changes from epoch to epoch.</summary>
public abstract record Schedule
{
    public abstract ScheduleKind Kind { get; }
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

/// <summary>Raw 8-bit inputs become (x / 255 - mean) / std; one value for all channels or one per channel.</summary>
public sealed record Normalization(EquatableArray<double> Mean, EquatableArray<double> Std);
