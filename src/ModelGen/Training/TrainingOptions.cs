using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// How a <see cref="Trainer{TModel}"/> runs: overrides of the spec's training settings (each left null keeps the
/// spec's value; <see cref="Apply"/> gives the result) and the machinery around the loop.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Overrides the spec's <c>epochs</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary>Overrides the spec's <c>batch_size</c>: samples per optimisation step.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Overrides the optimizer's initial learning rate (<c>lr</c>); the spec's schedule starts from it.</summary>
    public double? LearningRate { get; init; }

    /// <summary>
    /// Overrides the spec's <c>validation_split</c>: the fraction of the training data held out to validate on after
    /// every epoch (0: none). <see cref="Runs.ModelRun"/> splits it off (see <c>Data.PreparedData</c> for which samples).
    /// </summary>
    public double? ValidationSplit { get; init; }

    /// <summary>Overrides the spec's <c>early_stopping</c> (null keeps the spec's).</summary>
    public EarlyStoppingSettings? EarlyStopping { get; init; }

    /// <summary>Overrides the spec's <c>best_checkpoint</c> (null keeps the spec's).</summary>
    public BestCheckpointSettings? BestCheckpoint { get; init; }

    /// <summary>Overrides the spec's <c>reduce_lr_on_plateau</c> (null keeps the spec's).</summary>
    public ReduceLearningRateSettings? ReduceLearningRateOnPlateau { get; init; }

    /// <summary>
    /// Where <c>Fit</c> saves the model whenever the best checkpoint's figure reaches a new best (atomically). Null: the
    /// best epoch is still tracked, but no file is written (a run sets <c>best.mgm</c> in its folder).
    /// </summary>
    public string? BestModelPath { get; init; }

    /// <summary>Extra data saved in the best model's file (a run puts the data schema there, as in <c>model.mgm</c>).</summary>
    public string? BestModelExtra { get; init; }

    /// <summary>Trains on the first <c>Limit</c> samples of the training data only (all of them when it has fewer). The
    /// validation data is always used whole. Null: all samples.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Seeds the trainer's randomness: the order of the training batches (a new shuffle each epoch, from (seed, epoch)),
    /// dropout (TorchSharp's generator is reseeded from (seed, epoch) at the start of every epoch, so a resumed run
    /// continues exactly), and the positions of the sample predictions an evaluation keeps. It does not seed weight
    /// initialisation: the model exists before its trainer, so call <c>torch.manual_seed</c> before creating it
    /// (<see cref="Runs.ModelRun"/> does, with this seed). Null: <see cref="DefaultSeed"/>, or the checkpoint's seed
    /// when resuming.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>Where to compute: the trainer moves the model there and delivers every batch there. Default: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// Samples per batch when the trainer evaluates a data set (after every epoch and in <c>Evaluate</c>). Evaluation
    /// keeps no gradients, so larger batches cost less per sample; the results do not depend on it. Default: 500.
    /// </summary>
    public int EvaluationBatchSize { get; init; } = 500;

    /// <summary>
    /// After every epoch, <c>Fit</c> writes a checkpoint here: the weights, the optimizer's state and the history so
    /// far (atomically, replacing the previous one). Null: no checkpoints.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// <c>Fit</c> restores the checkpoint at <see cref="CheckpointPath"/>, when that file exists, and continues after
    /// its epoch; without the file it starts at epoch 1. The run continues with the settings the checkpoint records
    /// (epochs, batch size, learning rate, limit, seed, data): an override left null takes the recorded value, and one
    /// that differs is refused (<see cref="TrainingSettingsConflictException"/>) unless <see cref="AllowSettingChanges"/>.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Delivers image batches channels-last (<see cref="Training.ChannelsLast"/>) when the model has convolutions, which
    /// then compute in that layout: the same values up to float rounding (dropout draws its random masks in memory
    /// order, so its masks differ). Default: on.
    /// </summary>
    public bool ChannelsLast { get; init; } = true;

    /// <summary>
    /// Prepares the next batch (gathering, augmenting, scaling) on a worker thread while the current one trains or is
    /// evaluated, so the data pipeline overlaps the computation. The batches are the same either way. Default: on.
    /// </summary>
    public bool PrepareBatchesAhead { get; init; } = true;

    /// <summary>
    /// How often the observer hears of training progress (<see cref="ITrainingObserver.BatchCompleted"/>), and the
    /// loss is checked for divergence: at most once per interval, and after an epoch's last batch. Reading the running
    /// figures waits for the device, so they are read at this rate, not after every batch. Zero: after every batch.
    /// Default: a quarter of a second, a progress bar's pace.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>
    /// When resuming, let overrides (and other data) differ from the settings the checkpoint records, on purpose:
    /// for example more epochs. Default: refused, so a resume never mixes two runs' settings by accident.
    /// </summary>
    public bool AllowSettingChanges { get; init; }

    /// <summary>
    /// Identifies the training data (for example <see cref="Data.DataFingerprint"/> of it), so a checkpoint records what
    /// it was trained on and a resume on other data is refused. Null: not recorded, not checked.
    /// </summary>
    public string? DataIdentity { get; init; }

    /// <summary>
    /// What happens when the loss stops being a finite number (NaN or infinite: training diverged). Default:
    /// <see cref="NonFiniteLossAction.Stop"/>.
    /// </summary>
    public NonFiniteLossAction OnNonFiniteLoss { get; init; } = NonFiniteLossAction.Stop;

    /// <summary>The seed when none is given: 1.</summary>
    public const int DefaultSeed = 1;

    /// <summary><see cref="Seed"/>, or <see cref="DefaultSeed"/>.</summary>
    public int SeedOrDefault => Seed ?? DefaultSeed;

    /// <summary>Predictions at seeded random positions kept in an evaluation result, for pictures (classifiers only). Default: 25.</summary>
    public int SamplePredictions { get; init; } = 25;

    /// <summary>
    /// The settings a trainer with these options applies: <paramref name="spec"/> (the generated <c>Training</c>) with
    /// <see cref="Epochs"/>, <see cref="BatchSize"/>, <see cref="LearningRate"/>, <see cref="ValidationSplit"/> and the
    /// callbacks put in where they are set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An override is out of range (epochs or batch size below 1, a
    /// learning rate that is not a positive number, a validation split outside [0, 1)).</exception>
    public TrainingSettings Apply(TrainingSettings spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs ?? 1, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize ?? 1, 1, nameof(BatchSize));
        if (LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), rate, "The learning rate must be a positive number.");
        }

        if (ValidationSplit is { } split && !(split >= 0 && split < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationSplit), split, "A validation split is a fraction from 0 to below 1 (0.2: a fifth).");
        }

        return spec with
        {
            ValidationSplit = ValidationSplit ?? spec.ValidationSplit,
            EarlyStopping = EarlyStopping ?? spec.EarlyStopping,
            BestCheckpoint = BestCheckpoint ?? spec.BestCheckpoint,
            ReduceLearningRateOnPlateau = ReduceLearningRateOnPlateau ?? spec.ReduceLearningRateOnPlateau,
            Epochs = Epochs ?? spec.Epochs,
            BatchSize = BatchSize ?? spec.BatchSize,
            Optimizer = LearningRate is { } learningRate ? spec.Optimizer with { LearningRate = learningRate } : spec.Optimizer,
        };
    }
}

/// <summary>What a trainer does when the loss becomes NaN or infinite.</summary>
public enum NonFiniteLossAction
{
    /// <summary>
    /// Stop at once with <see cref="TrainingDivergedException"/>: the checkpoint of the last complete epoch is not
    /// overwritten with the broken weights.
    /// </summary>
    Stop,

    /// <summary>Go on training; the epochs' metrics are recorded as they are (NaN or infinite).</summary>
    Continue,
}
