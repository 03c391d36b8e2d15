using System.Collections.Immutable;

namespace ModelGen;

/// <summary>How a model is trained, as its spec's <c>training:</c> section says (defaults applied).</summary>
/// <param name="Optimizer">The optimizer and its hyper-parameters.</param>
/// <param name="Schedule">How the learning rate changes from epoch to epoch.</param>
/// <param name="Loss">The loss function.</param>
/// <param name="BatchSize">Samples per optimisation step.</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="Normalization">How raw 8-bit inputs are scaled before the model sees them.</param>
/// <param name="ValidationSplit">The fraction of the training data held out to validate on after every epoch (0: none);
/// which samples, is decided by <c>Data.ValidationSplit</c>.</param>
/// <param name="EarlyStopping">Stops training when a figure stops improving; null: trains every epoch.</param>
/// <param name="BestCheckpoint">Saves the model whenever a figure reaches a new best; null: no such file.</param>
/// <param name="ReduceLearningRateOnPlateau">Lowers the learning rate when a figure stops improving; null: the schedule alone.</param>
public sealed record TrainingSettings(
    OptimizerSettings Optimizer,
    LearningRateSchedule Schedule,
    LossFunction Loss,
    int BatchSize,
    int Epochs,
    InputNormalization Normalization,
    double ValidationSplit = 0,
    EarlyStoppingSettings? EarlyStopping = null,
    BestCheckpointSettings? BestCheckpoint = null,
    ReduceLearningRateSettings? ReduceLearningRateOnPlateau = null);

/// <summary>
/// Scales raw 8-bit inputs x to <c>(x / 255 - Mean) / Std</c>, per channel. Each list has one value for every
/// channel, or a single value for all. The default (mean 0.5, std 1) is the Keras CIFAR-10 tutorial's x / 255 - 0.5.
/// </summary>
/// <param name="Mean">Subtracted from x / 255.</param>
/// <param name="Std">Divides the centred value.</param>
public sealed record InputNormalization(ImmutableArray<double> Mean, ImmutableArray<double> Std)
{
    /// <summary>The Keras CIFAR-10 tutorial's x / 255 - 0.5.</summary>
    public static InputNormalization Tutorial { get; } = new(ImmutableArray.Create(0.5), ImmutableArray.Create(1.0));

    /// <summary>Compares the values, not the array instances.</summary>
    public bool Equals(InputNormalization? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Mean.Length > 0 ? Mean[0] : 0, Std.Length > 0 ? Std[0] : 0);

    /// <inheritdoc />
    public override string ToString() => $"(x / 255 - [{string.Join(", ", Mean)}]) / [{string.Join(", ", Std)}]";
}

/// <summary>An optimizer and its hyper-parameters.</summary>
/// <param name="LearningRate">The initial learning rate.</param>
public abstract record OptimizerSettings(double LearningRate);

/// <summary>Stochastic gradient descent.</summary>
public sealed record SgdSettings(double LearningRate, double Momentum, bool Nesterov, double WeightDecay)
    : OptimizerSettings(LearningRate);

/// <summary>Adam.</summary>
public sealed record AdamSettings(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool Amsgrad)
    : OptimizerSettings(LearningRate);

/// <summary>Adam with decoupled weight decay.</summary>
public sealed record AdamWSettings(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool Amsgrad)
    : OptimizerSettings(LearningRate);

/// <summary>Adamax, the infinity-norm variant of Adam.</summary>
public sealed record AdamaxSettings(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay)
    : OptimizerSettings(LearningRate);

/// <summary>RMSprop.</summary>
public sealed record RmsPropSettings(double LearningRate, double Alpha, double Epsilon, double Momentum, bool Centered, double WeightDecay)
    : OptimizerSettings(LearningRate);

/// <summary>How the learning rate changes from epoch to epoch.</summary>
public abstract record LearningRateSchedule;

/// <summary>The learning rate never changes.</summary>
public sealed record ConstantSchedule : LearningRateSchedule;

/// <summary>The learning rate is multiplied by <paramref name="Gamma"/> after every epoch.</summary>
public sealed record ExponentialSchedule(double Gamma) : LearningRateSchedule;

/// <summary>The learning rate is multiplied by <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs.</summary>
public sealed record StepSchedule(int StepSize, double Gamma) : LearningRateSchedule;

/// <summary>Cosine annealing to <paramref name="MinLearningRate"/> over <paramref name="Period"/> epochs (null: all epochs).</summary>
public sealed record CosineSchedule(int? Period, double MinLearningRate) : LearningRateSchedule;
