using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// Trains and evaluates a generated model with every setting of its spec's <c>training:</c> section
/// (<c>TModel.Training</c>): the optimizer, the learning-rate schedule, the loss, the batch size, the epochs and the
/// normalisation of uint8 images; <see cref="TrainingOptions"/> overrides epochs, batch size and learning rate
/// (<see cref="Settings"/> is the result). Targets, predictions and metrics follow the model's
/// <see cref="IGeneratedModel.OutputKind"/>.
/// </summary>
/// <remarks>
/// Training and evaluation share one batch loop, and each batch runs in its own dispose scope, so memory stays flat
/// across epochs. Given the same seed, data order and thread count, CPU runs are repeatable, and a run resumed from a
/// checkpoint continues exactly as the uninterrupted run would have: the shuffle order and dropout are seeded from
/// (seed, epoch), and the learning rate is computed from the epoch number in closed form.
/// </remarks>
public sealed partial class Trainer<TModel> : IDisposable
    where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
{
    private readonly TrainingOptions _options;
    private readonly ITrainingObserver _observer;
    private readonly OutputRules _rules = OutputRules.For<TModel>();
    private readonly List<EpochMetrics> _history = new();
    private readonly TrainingCallbacks _callbacks;
    private readonly IReadOnlyList<TrainableGroup> _groups;
    private Dictionary<string, Tensor>? _bestWeights;
    private WeightAverage? _average;

    /// <summary>
    /// Prepares to train <paramref name="model"/>; it is moved to <see cref="TrainingOptions.Device"/>. A resume takes
    /// the settings its checkpoint records (see <see cref="TrainingOptions.Resume"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="TrainingSettingsConflictException">A resume asks for other settings than its checkpoint's.</exception>
    public Trainer(TModel model, TrainingOptions? options = null, ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = TrainingCheckpoint.Resolve(options ?? new TrainingOptions()).Options;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.EvaluationBatchSize, 1, nameof(TrainingOptions.EvaluationBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ProgressInterval, TimeSpan.Zero, nameof(TrainingOptions.ProgressInterval));
        _observer = observer ?? new NullObserver();
        Settings = _options.Apply(TModel.Training);
        Device = _options.Device ?? CPU;
        Model = model;
        Model.to(Device);
        // Frozen parameters (batch norm without scale or center, whitening's filters) are in no group: no optimizer
        // step, momentum or weight decay may change them.
        _groups = ParameterGrouping.Split(Model, Settings.ParameterGroups);
        Optimizer = Optimizers.Create(Settings.Optimizer, _groups);
        _callbacks = new TrainingCallbacks(Settings);
    }

    /// <summary>The callbacks (early stopping, best checkpoint, reduce-on-plateau) and what they remember so far.</summary>
    public TrainingCallbacks Callbacks => _callbacks;

    /// <summary>
    /// The epoch whose weights the model holds after <c>Fit</c> because early stopping restored them (its
    /// <c>restore_best</c>); null when training ended with the last epoch's weights.
    /// </summary>
    public int? RestoredEpoch { get; private set; }

    /// <summary>The model being trained.</summary>
    public TModel Model { get; }

    /// <summary>The settings this trainer applies: the spec's, with the options' overrides.</summary>
    public TrainingSettings Settings { get; }

    /// <summary>The optimizer the spec names.</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>Where the model computes.</summary>
    public Device Device { get; }

    /// <summary>The learning rate of epoch 1.</summary>
    public double InitialLearningRate => Settings.Optimizer.LearningRate;

    /// <summary>Epochs to train.</summary>
    public int Epochs => Settings.Epochs;

    /// <summary>The epochs trained so far, including those restored from a checkpoint.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>
    /// Trains on <paramref name="train"/> for <see cref="Epochs"/> epochs in batches of the spec's size, evaluating
    /// on <paramref name="validation"/> after each (see <see cref="Fit(IBatchSource, IBatchSource, CancellationToken)"/>
    /// for checkpoints and resuming).
    /// </summary>
    /// <exception cref="DatasetException">A data set does not fit the model (the message says what and how to fix it).</exception>
    public IReadOnlyList<EpochMetrics> Fit(IDataset train, IDataset validation, CancellationToken cancellationToken = default) =>
        Fit(TrainingBatches(train), EvaluationBatches(validation, "validation data"), cancellationToken);

    /// <summary>
    /// Trains for <see cref="Epochs"/> epochs, evaluating on <paramref name="validation"/> after each, and writes a
    /// checkpoint after each when <see cref="TrainingOptions.CheckpointPath"/> is set. With
    /// <see cref="TrainingOptions.Resume"/>, starts after the checkpoint's epoch. The sources decide batch size and
    /// input scaling: use this overload for data that a <see cref="BatchSource"/> cannot serve (streamed, augmented).
    /// </summary>
    /// <remarks>
    /// As Keras's <c>fit(validation_data=...)</c>: <paramref name="validation"/> is what the callbacks' <c>val_*</c>
    /// figures watch, and it is also reported as the test figures (the Keras CIFAR-10 tutorial validates on its test
    /// set); it is evaluated once per epoch. To report a test set apart, use the overload with both.
    /// </remarks>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource train, IBatchSource validation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return Fit(train, validation, test: validation, cancellationToken);
    }

    /// <summary>
    /// Trains on <paramref name="train"/>, validating on <paramref name="validation"/> and testing on
    /// <paramref name="test"/> after each epoch (either may be null), in batches of the spec's size (see
    /// <see cref="Fit(IBatchSource, IBatchSource, IBatchSource, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="DatasetException">A data set does not fit the model, or a callback watches a validation figure and there is no validation data.</exception>
    public IReadOnlyList<EpochMetrics> Fit(IDataset train, IDataset? validation, IDataset? test, CancellationToken cancellationToken = default) =>
        Fit(
            TrainingBatches(train),
            validation is null ? null : EvaluationBatches(validation, "validation data"),
            test is null ? null : EvaluationBatches(test, "test data"),
            cancellationToken);

    /// <summary>
    /// Trains for <see cref="Epochs"/> epochs, or until early stopping stops it; after each, evaluates on
    /// <paramref name="validation"/> (what the callbacks' <c>val_*</c> figures watch) and on <paramref name="test"/>
    /// (reported only), and lets the callbacks act: save <see cref="TrainingOptions.BestModelPath"/>, reduce the
    /// learning rate, stop. With early stopping's <c>restore_best</c>, training ends with the best epoch's weights
    /// (<see cref="RestoredEpoch"/>). When <see cref="TrainingOptions.CheckpointPath"/> is set, writes a checkpoint
    /// after each epoch that holds the callbacks' state too (and, beside it, the best weights so far and the weight
    /// average), so that <see cref="TrainingOptions.Resume"/> continues exactly as the uninterrupted run. A fresh run
    /// first adapts a data-adapted model to <paramref name="train"/> (<see cref="AdaptToData"/>).
    /// </summary>
    /// <exception cref="DatasetException">A callback watches a validation figure, and there is no validation data.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite, and
    /// <see cref="TrainingOptions.OnNonFiniteLoss"/> says to stop; the checkpoint holds the last complete epoch.</exception>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource train, IBatchSource? validation, IBatchSource? test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (validation is null && _callbacks.Monitors.Where(MonitoredMetricNames.IsValidation).Select(metric => (MonitoredMetric?)metric).FirstOrDefault() is { } watched)
        {
            throw new DatasetException(
                $"A callback of {TModel.ModelName} watches {MonitoredMetricNames.NameOf(watched)}, but training has no validation data: " +
                "set the spec's validation_split (or --validation-split), give validation data (a validation/ folder), or watch a training figure (loss).");
        }

        var first = 1;
        var resumed = _options.Resume && _options.CheckpointPath is { } checkpoint && File.Exists(checkpoint);
        if (resumed)
        {
            first = RestoreCheckpoint(_options.CheckpointPath!) + 1;
        }
        else
        {
            // A fresh run: whitening's filters come from the training data. A resumed run has them in its checkpoint.
            AdaptToData(train);
        }

        StartWeightAverage(resumed ? first - 1 : null);
        for (var epoch = first; epoch <= Epochs && _callbacks.State.EarlyStopping?.StoppedEpoch is null; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var metrics = TrainEpoch(train, validation, test, epoch, cancellationToken);
            if (!double.IsFinite(metrics.TestLoss) && test is not null)
            {
                StopIfDiverged(epoch, "test loss", metrics.TestLoss, metrics.LearningRate);
            }

            _history.Add(metrics);
            _observer.EpochCompleted(metrics);
            using (_average?.Swap(Model))
            {
                // The callbacks keep and save the weights that were evaluated: the average's, when there is one.
                Act(_callbacks.EpochEnded(metrics), epoch);
            }

            if (_options.CheckpointPath is { } path)
            {
                var run = new RecordedRunSettings(Epochs, Settings.BatchSize, InitialLearningRate, _options.Limit, _options.SeedOrDefault, _options.DataIdentity);
                ModelFile.Save(Model, path, epoch, Optimizer, TrainingCheckpoint.Serialize(run, _history, _callbacks.State));
                _average?.Save(Model, AveragePath(path), epoch);
                _observer.CheckpointSaved(epoch, path);
            }
        }

        // The weights evaluation saw are the model's from here on (and the saved model's).
        _average?.CopyTo(Model);
        RestoreBestWeights();
        return _history;
    }

    /// <summary>
    /// When the model is an <see cref="IDataAdaptedModel"/> (it has a whitening layer), computes its data-adapted
    /// weights from the first <see cref="IDataAdaptedModel.AdaptationSampleCount"/> samples of <paramref name="train"/>
    /// as the model takes them (<see cref="IBatchSource.FirstInputs"/>); otherwise does nothing. <c>Fit</c> calls it
    /// before the first epoch of a fresh run; call it yourself before <c>TrainEpoch</c> when you drive the epochs.
    /// </summary>
    /// <returns>Whether the model adapted.</returns>
    public bool AdaptToData(IBatchSource train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Model is not IDataAdaptedModel adapted)
        {
            return false;
        }

        using var scope = NewDisposeScope();
        using var noGradients = no_grad();
        var samples = train.FirstInputs(Math.Min(adapted.AdaptationSampleCount, Math.Max(1, train.SampleCount))).to(Device);
        adapted.Adapt(samples);
        return true;
    }

    /// <summary>
    /// The batches <see cref="Fit(IDataset, IDataset, CancellationToken)"/> trains on: <see cref="Settings"/>' batch
    /// size, a new order every epoch seeded with <see cref="TrainingOptions.Seed"/>, the first
    /// <see cref="TrainingOptions.Limit"/> samples, uint8 images scaled with the spec's normalisation, delivered to
    /// <see cref="Device"/>.
    /// </summary>
    /// <exception cref="DatasetException">The data does not fit the model.</exception>
    public BatchSource TrainingBatches(IDataset train)
    {
        DatasetCheck.Check<TModel>(train, "training data");
        var augmenter = Settings.Augmentation.Any ? new Augmenter(Settings.Augmentation, Settings.Normalization, _options.SeedOrDefault) : null;
        return new BatchSource(train, Settings.BatchSize, shuffle: true, _options.SeedOrDefault, _options.Limit, Device, Settings.Normalization, augmenter, UsesChannelsLast, _options.PrepareBatchesAhead);
    }

    /// <summary>
    /// The batches the trainer evaluates a data set with: stored order, <see cref="TrainingOptions.EvaluationBatchSize"/>,
    /// uint8 images scaled with the spec's normalisation, delivered to <see cref="Device"/>.
    /// </summary>
    /// <exception cref="DatasetException">The data does not fit the model.</exception>
    public BatchSource EvaluationBatches(IDataset data) => EvaluationBatches(data, "evaluation data");

    /// <summary>One pass over <paramref name="train"/>, then an evaluation on <paramref name="validation"/>.</summary>
    public EpochMetrics TrainEpoch(IBatchSource train, IBatchSource validation, int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return TrainEpoch(train, validation, test: validation, epoch, cancellationToken);
    }

    /// <summary>
    /// One pass over <paramref name="train"/> at the scheduled learning rate (reduced by the plateaus so far), then an
    /// evaluation on <paramref name="validation"/> and on <paramref name="test"/>, each when given (once when they are the same source).
    /// </summary>
    public EpochMetrics TrainEpoch(IBatchSource train, IBatchSource? validation, IBatchSource? test, int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var learningRate = ScheduledRate(train, epoch, step: 0);
        Optimizer.SetLearningRate(learningRate, _groups);
        manual_seed(EpochSeed(_options.SeedOrDefault, epoch));
        _observer.EpochStarted(epoch, Epochs, learningRate, train.SampleCount);
        var pass = TrainPass(train, epoch, maxBatches: null, cancellationToken);
        var options = EvaluationOptions(classNames: null, samplePredictions: 0);
        EvaluationResult? validated, tested;
        using (_average?.Swap(Model))
        {
            validated = validation is null ? null : Evaluator.Evaluate(Model, validation, options, cancellationToken);
            tested = test is null ? null
                : ReferenceEquals(test, validation) ? validated
                : Evaluator.Evaluate(Model, test, options, cancellationToken);
        }

        return new EpochMetrics(
            epoch, learningRate, pass.Loss, pass.Accuracy, tested?.Loss ?? double.NaN, tested?.Accuracy, pass.ImagesPerSecond, pass.Duration,
            pass.MeanAbsoluteError, tested?.MeanAbsoluteError, validated?.Loss, validated?.Accuracy, validated?.MeanAbsoluteError,
            TrainingCompute.Flop(TModel.MultiplyAdds, pass.Samples));
    }

    /// <summary>
    /// Optimisation steps over the batches of <paramref name="epoch"/> (at most <paramref name="maxBatches"/>), with
    /// the current learning rate: the training loop without evaluation, as the benchmark measures it.
    /// </summary>
    /// <param name="train">The batches.</param>
    /// <param name="epoch">The epoch whose order (and augmentation) the batches follow.</param>
    /// <param name="maxBatches">Stop after this many batches; null: the whole epoch.</param>
    /// <param name="cancellationToken">Stops the pass between batches.</param>
    /// <param name="times">Collects where the time goes (data, forward, backward, optimizer) when given.</param>
    public TrainingPass TrainPass(IBatchSource train, int epoch, int? maxBatches = null, CancellationToken cancellationToken = default, StepTimes? times = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        using var metrics = new MetricAccumulator(_rules);
        var firstStep = FirstStep(train, epoch);
        Action<int>? beforeStep = Settings.Schedule.PerStep ? step => Optimizer.SetLearningRate(ScheduledRate(train, epoch, step), _groups) : null;
        Action<int>? afterStep = _average is { } average ? step => average.Update(Model, firstStep + step + 1) : null;
        long reportedSamples = 0;
        var lastReport = TimeSpan.Zero;
        void Report(TimeSpan elapsed)
        {
            // The weights are broken once the loss is: stop before more steps (or the checkpoint) spread them.
            if (!double.IsFinite(metrics.MeanLoss))
            {
                StopIfDiverged(epoch, "training loss", metrics.MeanLoss, ScheduledRate(train, epoch, step: 0));
            }

            reportedSamples = metrics.Samples;
            lastReport = elapsed;
            _observer.BatchCompleted(new BatchProgress(
                epoch, metrics.Samples, metrics.MeanLoss, metrics.Accuracy, metrics.MeanAbsoluteError, metrics.Samples / elapsed.TotalSeconds));
        }

        var duration = BatchLoop.Run(
            Model,
            train,
            epoch,
            Device,
            _rules,
            metrics,
            Optimizer,
            maxBatches,
            elapsed =>
            {
                if (elapsed - lastReport >= _options.ProgressInterval)
                {
                    Report(elapsed);
                }
            },
            cancellationToken,
            beforeStep,
            afterStep,
            times);
        if (metrics.Samples != reportedSamples)
        {
            Report(duration);
        }

        return new TrainingPass(metrics.MeanLoss, metrics.Accuracy, metrics.MeanAbsoluteError, metrics.Samples, duration);
    }

    /// <summary>
    /// The model's loss and metrics on a data set (see <see cref="EvaluationBatches(IDataset)"/>), with a few seeded sample
    /// predictions for pictures; <paramref name="classNames"/> name a classifier's classes.
    /// </summary>
    /// <exception cref="DatasetException">The data does not fit the model.</exception>
    public EvaluationResult Evaluate(IDataset data, IReadOnlyList<string>? classNames = null, CancellationToken cancellationToken = default) =>
        Evaluate(EvaluationBatches(data), classNames, cancellationToken);

    /// <summary>The model's loss and metrics on the batches of <paramref name="data"/>, with a few seeded sample predictions.</summary>
    public EvaluationResult Evaluate(IBatchSource data, IReadOnlyList<string>? classNames = null, CancellationToken cancellationToken = default) =>
        Evaluator.Evaluate(Model, data, EvaluationOptions(classNames, _options.SamplePredictions), cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Optimizer.Dispose();
        DisposeBestWeights();
        _average?.Dispose();
    }

    /// <summary>Mixes the run's seed with the epoch, so each epoch's randomness is fixed and independent of earlier epochs.</summary>
    internal static long EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003L) + epoch);

    /// <summary>Whether batches are delivered channels-last: asked for, and the model has convolutions.</summary>
    private bool UsesChannelsLast => _options.ChannelsLast && Training.ChannelsLast.Applies(Model);

    /// <summary>Optimisation steps per epoch: ceil(samples / batch size), the last partial batch included.</summary>
    private long StepsPerEpoch(IBatchSource train) => (train.SampleCount + Settings.BatchSize - 1) / Settings.BatchSize;

    private long FirstStep(IBatchSource train, int epoch) => (epoch - 1) * StepsPerEpoch(train);

    private long TotalSteps(IBatchSource train) => Math.Max(1, StepsPerEpoch(train) * Epochs);

    /// <summary>
    /// The learning rate of 0-based <paramref name="step"/> of <paramref name="epoch"/>: the schedule's (per step, or
    /// per epoch for every step of it), reduced by the plateaus so far.
    /// </summary>
    private double ScheduledRate(IBatchSource train, int epoch, int step) => _callbacks.LearningRate(
        Settings.Schedule.PerStep
            ? Settings.Schedule.LearningRateAtStep(InitialLearningRate, FirstStep(train, epoch) + step, TotalSteps(train))
            : Settings.Schedule.LearningRateAt(InitialLearningRate, epoch, Epochs));

    private BatchSource EvaluationBatches(IDataset data, string role)
    {
        DatasetCheck.Check<TModel>(data, role);
        return new BatchSource(data, _options.EvaluationBatchSize, shuffle: false, device: Device, normalization: Settings.Normalization, channelsLast: UsesChannelsLast, prepareAhead: _options.PrepareBatchesAhead);
    }

    private EvaluationOptions EvaluationOptions(IReadOnlyList<string>? classNames, int samplePredictions) => new()
    {
        Device = Device,
        Seed = _options.SeedOrDefault,
        SamplePredictions = samplePredictions,
        ClassNames = classNames,
    };

    private sealed class NullObserver : ITrainingObserver
    {
    }
}
