using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// Trains and evaluates a generated model with the settings of its spec (<c>TModel.Training</c>), overridable
/// through <see cref="TrainingOptions"/>. Each batch runs in its own dispose scope, so memory stays flat across
/// epochs. Given the same seed, data order and thread count, CPU runs are repeatable, and a run resumed from a
/// checkpoint continues exactly as the uninterrupted run would have: dropout is reseeded from (seed, epoch) at
/// the start of every epoch, and the learning rate is computed from the epoch number in closed form.
/// </summary>
public sealed class Trainer<TModel> : IDisposable
    where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
{
    private readonly TrainingOptions options;
    private readonly ITrainingObserver observer;
    private readonly List<EpochMetrics> history = new();

    /// <summary>Prepares to train <paramref name="model"/>; it is moved to <see cref="TrainingOptions.Device"/>.</summary>
    public Trainer(TModel model, TrainingOptions? options = null, ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.options = options ?? new TrainingOptions();
        this.observer = observer ?? new NullObserver();
        Device = this.options.Device ?? CPU;
        Model = model;
        Model.to(Device);
        Settings = TModel.Training;
        InitialLearningRate = this.options.LearningRate ?? Settings.Optimizer.LearningRate;
        Epochs = this.options.Epochs ?? Settings.Epochs;
        Optimizer = Optimizers.Create(Settings.Optimizer, Model.parameters());
    }

    /// <summary>The model being trained.</summary>
    public TModel Model { get; }

    /// <summary>The spec's training settings.</summary>
    public TrainingSettings Settings { get; }

    /// <summary>The optimizer the spec names.</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>Where the model computes.</summary>
    public Device Device { get; }

    /// <summary>The learning rate of epoch 1.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Epochs to train.</summary>
    public int Epochs { get; }

    /// <summary>The epochs trained so far, including those restored from a checkpoint.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>
    /// Trains for <see cref="Epochs"/> epochs, evaluating on <paramref name="test"/> after each, and writes a
    /// checkpoint after each when <see cref="TrainingOptions.CheckpointPath"/> is set. With
    /// <see cref="TrainingOptions.Resume"/>, starts after the checkpoint's epoch.
    /// </summary>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource train, IBatchSource test, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var first = 1;
        if (options.Resume && options.CheckpointPath is { } checkpoint && File.Exists(checkpoint))
        {
            first = RestoreCheckpoint(checkpoint) + 1;
        }

        for (var epoch = first; epoch <= Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var metrics = TrainEpoch(train, test, epoch, cancellationToken);
            history.Add(metrics);
            observer.EpochCompleted(metrics);
            if (options.CheckpointPath is { } path)
            {
                ModelFile.Save(Model, path, epoch, Optimizer, JsonSerializer.Serialize(history));
                observer.CheckpointSaved(epoch, path);
            }
        }

        return history;
    }

    /// <summary>One pass over <paramref name="train"/>, then an evaluation on <paramref name="test"/>.</summary>
    public EpochMetrics TrainEpoch(IBatchSource train, IBatchSource test, int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        var learningRate = Settings.Schedule.LearningRateAt(InitialLearningRate, epoch, Epochs);
        Optimizer.SetLearningRate(learningRate);
        manual_seed(EpochSeed(options.Seed, epoch));
        observer.EpochStarted(epoch, Epochs, learningRate, train.SampleCount);
        var pass = TrainPass(train, epoch, maxBatches: null, cancellationToken);
        var evaluation = Evaluate(test);
        return new EpochMetrics(epoch, learningRate, pass.Loss, pass.Accuracy, evaluation.Loss, evaluation.Accuracy, pass.ImagesPerSecond, pass.Duration);
    }

    /// <summary>
    /// Optimisation steps over the batches of <paramref name="epoch"/> (at most <paramref name="maxBatches"/>), with
    /// the current learning rate: the training loop without evaluation, as the benchmark measures it.
    /// </summary>
    public TrainingPass TrainPass(IBatchSource train, int epoch, int? maxBatches = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Model.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        var steps = 0;
        var clock = Stopwatch.StartNew();
        using (var batches = train.Epoch(epoch).GetEnumerator())
        {
            while (maxBatches is null || steps < maxBatches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (inputs, labels) = batches.Current.To(Device);
                Optimizer.zero_grad();
                var outputs = Settings.Loss.ModelOutputs(Model, inputs);
                var loss = Settings.Loss.Compute(outputs, labels);
                loss.backward();
                Optimizer.step();

                var count = labels.shape[0];
                lossSum += loss.item<float>() * count;
                correct += CountCorrect(outputs, labels);
                seen += count;
                steps++;
                observer.BatchCompleted(epoch, seen, lossSum / seen, correct / (double)seen, seen / clock.Elapsed.TotalSeconds);
            }
        }

        clock.Stop();
        return new TrainingPass(lossSum / Math.Max(1, seen), correct / (double)Math.Max(1, seen), seen, clock.Elapsed);
    }

    /// <summary>Loss, confusion matrix and a few seeded sample predictions of the model on <paramref name="data"/>.</summary>
    public EvaluationResult Evaluate(IBatchSource data, IReadOnlyList<string>? classNames = null) =>
        Evaluator.Evaluate(Model, data, Settings.Loss, classNames, options.SamplePredictions, options.Seed, Device);

    /// <summary>Restores weights, optimizer state and history from a checkpoint; returns its epoch.</summary>
    private int RestoreCheckpoint(string path)
    {
        var header = ModelFile.Load(Model, path, Optimizer);
        history.Clear();
        if (header.Extra is { } extra)
        {
            history.AddRange(JsonSerializer.Deserialize<List<EpochMetrics>>(extra) ?? new List<EpochMetrics>());
        }

        return header.Epoch;
    }

    internal static long CountCorrect(Tensor outputs, Tensor labels) =>
        outputs.shape[^1] == 1
            ? outputs.gt(0.5).to(ScalarType.Int64).reshape(labels.shape).eq(labels).sum().item<long>()
            : outputs.argmax(1).eq(labels).sum().item<long>();

    /// <summary>Mixes the run's seed with the epoch, so each epoch's randomness is fixed and independent of earlier epochs.</summary>
    internal static long EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003L) + epoch);

    /// <inheritdoc />
    public void Dispose() => Optimizer.Dispose();

    private sealed class NullObserver : ITrainingObserver
    {
    }
}
