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
    ReduceLearningRateSettings? ReduceLearningRateOnPlateau = null)
{
    /// <summary>
    /// Mixes one-hot targets with the uniform distribution: the true class gets 1 - s + s / classes, every other class
    /// s / classes (PyTorch's and Keras's definition; binary targets become y (1 - s) + s / 2). 0: none.
    /// </summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Random changes to the training images; none by default.</summary>
    public Augmentation Augmentation { get; init; } = Augmentation.None;

    /// <summary>Learning-rate scales and weight decays of batch-norm parameters and biases; by default, as all others.</summary>
    public ParameterGroups ParameterGroups { get; init; } = ParameterGroups.None;

    /// <summary>An exponential moving average of the weights, which evaluation and the saved model use; null: none.</summary>
    public EmaSettings? Ema { get; init; }

    /// <summary>Which views of each image evaluation and prediction average the outputs over.</summary>
    public TestTimeAugmentation TestTimeAugmentation { get; init; }
}

/// <summary>
/// Random changes to training images, applied to uint8 batches in this order: crop, flip, cutout (null members are
/// left out). Seeded from (seed, epoch), so a resumed run sees the same images as an uninterrupted one.
/// </summary>
/// <param name="Crop">A random crop of the padded image: a random translation.</param>
/// <param name="Flip">Mirroring left to right.</param>
/// <param name="Cutout">The side of a random square set to the mean colour.</param>
public sealed record Augmentation(RandomCrop? Crop, FlipMode? Flip, int? Cutout)
{
    /// <summary>No augmentation.</summary>
    public static Augmentation None { get; } = new(null, null, null);

    /// <summary>Whether any augmentation applies.</summary>
    public bool Any => Crop is not null || Flip is not null || Cutout is not null;
}

/// <summary>A random crop, of the original size, from the image padded by <paramref name="Padding"/> pixels on every side.</summary>
public sealed record RandomCrop(int Padding, CropFill Fill);

/// <summary>The learning-rate scale and weight decay of batch-norm parameters and of conv2d/dense biases; null: as all others.</summary>
public sealed record ParameterGroups(ParameterGroup? BatchNorm, ParameterGroup? Bias)
{
    /// <summary>All parameters in one group.</summary>
    public static ParameterGroups None { get; } = new(null, null);
}

/// <summary>A parameter group's learning-rate scale, and its weight decay (null: the optimizer's).</summary>
public sealed record ParameterGroup(double LearningRateScale, double? WeightDecay);

/// <summary>
/// An exponential moving average of the weights (and a copy of the batch-norm statistics), updated every
/// <paramref name="Every"/> optimisation steps: average = decay x average + (1 - decay) x weights.
/// </summary>
public sealed record EmaSettings(double Decay, int Every);

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

/// <summary>How the learning rate changes from epoch to epoch, or from step to step.</summary>
public abstract record LearningRateSchedule
{
    /// <summary>The learning rate changes every optimisation step (true), or between epochs.</summary>
    public virtual bool PerStep => false;
}

/// <summary>The learning rate never changes.</summary>
public sealed record ConstantSchedule : LearningRateSchedule;

/// <summary>The learning rate is multiplied by <paramref name="Gamma"/> after every epoch.</summary>
public sealed record ExponentialSchedule(double Gamma) : LearningRateSchedule;

/// <summary>The learning rate is multiplied by <paramref name="Gamma"/> every <paramref name="StepSize"/> epochs.</summary>
public sealed record StepSchedule(int StepSize, double Gamma) : LearningRateSchedule;

/// <summary>Cosine annealing to <paramref name="MinLearningRate"/> over <paramref name="Period"/> epochs (null: all epochs).</summary>
public sealed record CosineSchedule(int? Period, double MinLearningRate) : LearningRateSchedule;

/// <summary>
/// Per step: from <paramref name="StartFactor"/> x lr up to lr over the first <paramref name="Warmup"/> (a fraction)
/// of the run's steps, then down to <paramref name="EndFactor"/> x lr at the last step.
/// </summary>
public sealed record LinearSchedule(double Warmup, double StartFactor, double EndFactor) : LearningRateSchedule
{
    /// <inheritdoc />
    public override bool PerStep => true;
}

/// <summary>
/// Per step, as PyTorch's OneCycleLR with lr as max_lr: from lr / <paramref name="DivFactor"/> up to lr over
/// <paramref name="PctStart"/> of the run, then down to lr / (<paramref name="DivFactor"/> x <paramref name="FinalDivFactor"/>).
/// Momentum is not cycled.
/// </summary>
public sealed record OneCycleSchedule(double PctStart, double DivFactor, double FinalDivFactor, AnnealStrategy AnnealStrategy) : LearningRateSchedule
{
    /// <inheritdoc />
    public override bool PerStep => true;
}

/// <summary>Per step: lr times the factor interpolated linearly between <paramref name="Points"/> (fractions of the run, 0 to 1).</summary>
public sealed record PiecewiseLinearSchedule(ImmutableArray<SchedulePoint> Points) : LearningRateSchedule
{
    /// <inheritdoc />
    public override bool PerStep => true;

    /// <summary>Compares the points, not the array instances.</summary>
    public bool Equals(PiecewiseLinearSchedule? other) => other is not null && Points.SequenceEqual(other.Points);

    /// <inheritdoc />
    public override int GetHashCode() => Points.Length;

    /// <summary>The points as written: <c>PiecewiseLinearSchedule { Points = [0, 0.2], [0.23, 1], [1, 0.07] }</c>.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Points = ").AppendJoin(", ", Points.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{p.Fraction}, {p.Factor}]")));
        return true;
    }
}

/// <summary>At <paramref name="Fraction"/> of the run's steps, the learning rate is lr times <paramref name="Factor"/>.</summary>
public readonly record struct SchedulePoint(double Fraction, double Factor);
