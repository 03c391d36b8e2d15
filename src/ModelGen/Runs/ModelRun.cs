using System.Globalization;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Formats;
using ModelGen.Persistence;
using ModelGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Runs;

/// <summary>What <see cref="ModelRun.Train"/> needs besides the model type.</summary>
public sealed record TrainRunRequest
{
    /// <summary>
    /// Loads the data, reporting a download's progress if it makes one; for CIFAR-10:
    /// <c>(progress, token) =&gt; RunData.LoadCifar10(path, limit, progress, token)</c>.
    /// </summary>
    public required Func<IProgress<DownloadProgress>, CancellationToken, RunData> LoadData { get; init; }

    /// <summary>The run's folder, created once the data is loaded. Default: <c>runs/&lt;yyyyMMdd-HHmmss&gt;</c>.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>
    /// Overrides, seed, device and resuming. <see cref="TrainingOptions.CheckpointPath"/> is not used: the run writes
    /// its checkpoint to <see cref="RunFolder.CheckpointFileName"/> in its folder, and resumes from there.
    /// </summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// Formats the trained model is also written in, beside <see cref="RunFolder.ModelFileName"/> (each as its
    /// <see cref="IModelFormat.RunFileName"/>, e.g. <c>model.onnx</c>). Default: none.
    /// </summary>
    public IReadOnlyList<IModelFormat> Exports { get; init; } = [];
}

/// <summary>What <see cref="ModelRun.Evaluate"/> needs besides the model type.</summary>
public sealed record EvaluateRunRequest
{
    /// <summary>
    /// The weights to evaluate: a model file written by a training run (<c>model.mgm</c> or <c>checkpoint.mgm</c>), or a
    /// PyTorch state_dict file (the generated training script's <c>model.pt</c>); see <see cref="ModelWeights"/>.
    /// </summary>
    public required string ModelPath { get; init; }

    /// <summary>Loads the data (only its test split is used); see <see cref="TrainRunRequest.LoadData"/>.</summary>
    public required Func<IProgress<DownloadProgress>, CancellationToken, RunData> LoadData { get; init; }

    /// <summary>Where the report goes. Default: <see cref="RunFolder.EvaluationFolderName"/> beside the model file.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Batch size, device (default: the CPU), seed, sample predictions; class names when the data has none.</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>
    /// Formats <see cref="ModelPath"/> may be in besides <c>.mgm</c> (e.g. ONNX); the first whose
    /// <see cref="IModelFormat.Handles"/> accepts the path opens it. Default: none.
    /// </summary>
    public IReadOnlyList<IModelFormat> Formats { get; init; } = [];
}

/// <summary>
/// Whole runs, as the Keras CIFAR-10 tutorial does them, for any generated model: load the data, train with the
/// spec's settings, save the model, load it back, evaluate the loaded copy, and report. What the person running it
/// sees and the report files come from the <see cref="IRunReporter"/>.
/// </summary>
public static partial class ModelRun
{
    /// <summary>
    /// Trains a new <typeparamref name="TModel"/> (weights initialised after <c>torch.manual_seed(seed)</c>) on the
    /// data's training split with <see cref="Trainer{TModel}"/>, evaluating on the validation data (the data's own, or
    /// the validation split held out of the training data: <see cref="PreparedData"/>) and the test split after every
    /// epoch, applying the callbacks (the best model goes to <see cref="RunFolder.BestModelFileName"/>) and writing a
    /// checkpoint; then saves <see cref="RunFolder.ModelFileName"/> with the data's schema (class names; a table's
    /// columns and standardisation), reloads it and evaluates the reloaded model on the test split. For image inputs the outcome carries <see cref="TrainingOptions.SamplePredictions"/>
    /// random training images (seeded) and the images of as many test predictions, for the report.
    /// </summary>
    /// <remarks>
    /// Before training, the run checks that its batches fit in memory (<see cref="TrainingMemory"/>), claims its folder
    /// (<see cref="ClaimedRunFolder"/>: writable, locked against a second run, cleared of a killed run's temporary
    /// files), and, when resuming, takes the checkpoint's settings and checks its data (<see cref="TrainingCheckpoint"/>).
    /// When training diverges after a complete epoch, the last checkpoint's weights are saved and reported as the
    /// model, and then <see cref="RunException"/> says that training stopped.
    /// </remarks>
    /// <exception cref="DatasetException">The data cannot be loaded or does not fit the model.</exception>
    /// <exception cref="RunException">The settings cannot fit in memory; the output folder cannot be created or
    /// written, or another run holds it; a file cannot be written (the message says which checkpoint is intact); or
    /// training diverged.</exception>
    /// <exception cref="TrainingSettingsConflictException">A resume asks for other settings than its run's.</exception>
    /// <exception cref="ModelFileException">A checkpoint or the model cannot be read.</exception>
    public static RunOutcome Train<TModel>(TrainRunRequest request, IRunReporter reporter, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        var folderPath = RunFolder.PathFor(request.OutputFolder);
        var checkpoint = Path.Combine(folderPath, RunFolder.CheckpointFileName);

        // Everything that can be refused without the data is refused before it is read.
        var resume = TrainingCheckpoint.Resolve(request.Training with { CheckpointPath = checkpoint });
        CheckMemory<TModel>(resume.Options.Apply(TModel.Training).BatchSize);
        var device = request.Training.Device ?? CPU;
        using var data = reporter.LoadData(progress => request.LoadData(progress, cancellationToken));
        DatasetCheck.Check<TModel>(data.Train, "training data");
        DatasetCheck.Check<TModel>(data.Test, "test data");
        if (data.Validation is { } given)
        {
            DatasetCheck.Check<TModel>(given, "validation data");
        }

        resume = TrainingCheckpoint.Resolve(resume.Options with { DataIdentity = DataFingerprint.Of(data.Train, data.Test, resume.Options.Limit) });
        var settings = resume.Options.Apply(TModel.Training);
        using var prepared = PreparedData.Prepare(data.Train, data.Validation, data.Test, settings.ValidationSplit, resume.Options.SeedOrDefault, data.IsTable);
        var schema = (data.Schema ?? new DataSchema()) with { ClassNames = data.ClassNames ?? data.Schema?.ClassNames, Scaling = prepared.Scaling };
        var test = prepared.Test!;

        // Claimed only once the data is there, so a mistake leaves no empty run folder behind.
        using var folder = ClaimedRunFolder.Claim(folderPath);
        var options = resume.Options with
        {
            BestModelPath = settings.BestCheckpoint is null ? null : Path.Combine(folder.Path, RunFolder.BestModelFileName),
            BestModelExtra = schema.ToModelFileExtra(),
        };
        var trainingSamples = Math.Min(options.Limit ?? long.MaxValue, prepared.Train.Inputs.shape[0]);
        var validationSamples = prepared.Validation?.Inputs.shape[0] ?? 0;
        reporter.TrainingStarting(new TrainingPlan(
            TModel.ModelName, TModel.ParameterCount, folder.Path, data.Source, trainingSamples, test.Inputs.shape[0],
            data.Train.Inputs.dtype == ScalarType.Byte, settings, get_num_threads(), device.type.ToString(), checkpoint,
            ResumeFrom(options), validationSamples, prepared.ValidationWasSplit, data.Warnings)
        {
            Notes = [.. folder.Notes, .. ResumeNotes(resume)],
        });
        var trainingPictures = RunPictures.RandomTraining(prepared.Train, options.SamplePredictions, options.SeedOrDefault);

        manual_seed(options.SeedOrDefault);
        using var model = new TModel();
        TrainingDivergedException? diverged = null;
        CallbackState? callbacks = null;
        int? restoredEpoch = null;
        var history = WithCheckpointAdvice(checkpoint, () => reporter.Train(observer =>
        {
            using var trainer = new Trainer<TModel>(model, options, observer);
            try
            {
                var fitted = trainer.Fit(prepared.Train, prepared.Validation, test, cancellationToken).ToList();
                callbacks = trainer.Callbacks.State;
                restoredEpoch = trainer.RestoredEpoch;
                return fitted;
            }
            catch (TrainingDivergedException exception) when (exception.CompletedEpochs.Count > 0 && File.Exists(checkpoint))
            {
                // The checkpoint holds the last complete epoch: that is the model this run delivers.
                diverged = exception;
                ModelFile.Load(model, checkpoint);
                return [.. exception.CompletedEpochs];
            }
            catch (TrainingDivergedException exception)
            {
                throw new RunException($"{exception.Message} No epoch was complete, so no model or report was written.", exception);
            }
        }));

        // As the tutorial does: save the trained model, load it back, and evaluate the loaded copy.
        var modelPath = Path.Combine(folder.Path, RunFolder.ModelFileName);
        var epochs = history.Count == 0 ? 0 : history[^1].Epoch;
        var exportInfo = new ModelExportInfo(data.ClassNames, epochs);
        var exports = WithCheckpointAdvice(checkpoint, () =>
        {
            ModelFile.Save(model, modelPath, restoredEpoch ?? epochs, extra: schema.ToModelFileExtra());
            return request.Exports.Select(format =>
            {
                var path = Path.Combine(folder.Path, format.RunFileName);
                format.Write(model, path, exportInfo);
                return path;
            }).ToList();
        });
        using var reloaded = new TModel();
        ModelFile.Load(reloaded, modelPath);
        reloaded.to(device);
        var evaluation = new EvaluationOptions
        {
            BatchSize = options.EvaluationBatchSize,
            Device = device,
            SamplePredictions = options.SamplePredictions,
            Seed = options.SeedOrDefault,
            ClassNames = data.ClassNames,
        };
        var result = Evaluator.Evaluate(reloaded, test, evaluation, cancellationToken);

        var details = Details(data, trainingSamples, settings, options.SeedOrDefault, device, history);
        details.InsertRange(2, CallbackDetails(settings, prepared, validationSamples, callbacks, restoredEpoch, options.BestModelPath));
        var outcome = new RunOutcome(
            TModel.ModelName, folder.Path, modelPath, result, history, TModel.Summary, settings.ToString(), trainingPictures,
            RunPictures.OfPredictions(test, result.Samples), details, DateTimeOffset.Now, exports);
        reporter.Finished(outcome);
        if (diverged is not null)
        {
            throw new RunException(
                $"{diverged.Message} The run kept what epochs 1 to {epochs} made: {checkpoint}, {modelPath} and the report in {folder.Path}.", diverged);
        }

        return outcome;
    }

    /// <summary>
    /// Loads a saved <typeparamref name="TModel"/> and evaluates it on the data's test split, without training. A
    /// <c>.mgm</c> file runs in TorchSharp; a file of one of <see cref="EvaluateRunRequest.Formats"/> in that format's
    /// runtime, with the same metrics and report.
    /// </summary>
    /// <exception cref="RunException">The model file does not exist, or the output folder cannot be created.</exception>
    /// <exception cref="ModelFileException">The model file cannot be read or holds another architecture.</exception>
    /// <exception cref="DatasetException">The data cannot be loaded or does not fit the model.</exception>
    public static RunOutcome Evaluate<TModel>(EvaluateRunRequest request, IRunReporter reporter, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        if (!File.Exists(request.ModelPath))
        {
            throw new RunException($"The model file {request.ModelPath} does not exist.");
        }

        var device = request.Evaluation.Device ?? CPU;
        // An exported inference format (ONNX) by its extension; otherwise weights for TorchSharp, in whichever weights
        // format the file holds (a ModelGen model file or a PyTorch state_dict).
        var format = ModelFormats.Find(request.ModelPath, request.Formats);
        using var exported = format?.Open<TModel>(request.ModelPath);
        using var model = exported is null ? new TModel() : null;
        var header = exported?.Header ?? ModelWeights.Load(model!, request.ModelPath);
        model?.to(device);
        reporter.ModelLoaded(request.ModelPath, header);

        using var data = reporter.LoadData(progress => request.LoadData(progress, cancellationToken));
        var options = request.Evaluation with { Device = device, ClassNames = data.ClassNames ?? request.Evaluation.ClassNames };

        // A table is standardised as the model's training data was: with the scaling its file carries.
        using var scaled = data.IsTable && DataSchema.FromModelFileExtra(header.Extra)?.Scaling is { } scaling
            ? PreparedData.Prepare(data.Test, null, null, 0, 0, standardizeFeatures: false, scaling)
            : null;
        var test = scaled?.Train ?? data.Test;
        var result = exported is null
            ? Evaluator.Evaluate(model!, test, options, cancellationToken)
            : Evaluator.Evaluate<TModel>(exported, test, options, cancellationToken);
        var folder = RunFolder.Create(
            request.OutputFolder ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.ModelPath))!, RunFolder.EvaluationFolderName));
        var outcome = new RunOutcome(
            TModel.ModelName, folder, ModelPath: null, result, Epochs: [], TModel.Summary, TModel.Training.ToString(), TrainingPictures: [],
            RunPictures.OfPredictions(test, result.Samples), Details: [], DateTimeOffset.Now);
        reporter.Finished(outcome);
        return outcome;
    }

    /// <summary>The report's lines about the validation data and what the callbacks did.</summary>
    private static IEnumerable<KeyValuePair<string, string>> CallbackDetails(
        TrainingSettings settings, PreparedData prepared, long validationSamples, CallbackState? state, int? restoredEpoch, string? bestModelPath)
    {
        string Figure(MonitorState figure) =>
            string.Create(CultureInfo.InvariantCulture, $"{MonitoredMetricNames.NameOf(figure.Monitor)} {figure.Best:0.0000}");

        if (validationSamples > 0)
        {
            yield return new("Validation", prepared.ValidationWasSplit
                ? string.Create(CultureInfo.InvariantCulture, $"{validationSamples:N0} samples: a seeded random {settings.ValidationSplit:0.##%} of the training data")
                : string.Create(CultureInfo.InvariantCulture, $"{validationSamples:N0} samples of its own"));
        }

        if (state?.EarlyStopping is { } stopping)
        {
            var stopped = stopping.StoppedEpoch is { } at ? $"stopped after epoch {at}" : "did not stop early";
            var restored = restoredEpoch is { } epoch ? $"restored the weights of epoch {epoch}" : "kept the last epoch's weights";
            yield return new("Early stopping", $"{stopped}; best epoch {stopping.BestEpoch} ({Figure(stopping)}); {restored}");
        }

        if (state?.BestCheckpoint is { BestEpoch: > 0 } best && bestModelPath is not null)
        {
            yield return new("Best model", $"{Path.GetFileName(bestModelPath)}: epoch {best.BestEpoch} ({Figure(best)})");
        }

        if (state?.ReduceLearningRate is not null && state.LearningRateScale < 1)
        {
            yield return new("Reduce on plateau", string.Create(CultureInfo.InvariantCulture, $"learning rate scaled by {state.LearningRateScale:0.######}"));
        }
    }

    private static int? ResumeFrom(TrainingOptions options) =>
        !options.Resume ? null
        : File.Exists(options.CheckpointPath) ? ModelFile.ReadHeader(options.CheckpointPath).Epoch
        : 0;

    private static List<KeyValuePair<string, string>> Details(
        RunData data, long trainingSamples, TrainingSettings settings, int seed, Device device, IReadOnlyList<EpochMetrics> history)
    {
        var flop = history.Sum(epoch => epoch.TrainingFlop);
        var noun = data.Train.Inputs.dtype == ScalarType.Byte ? "images" : "samples";
        return new List<KeyValuePair<string, string>>
        {
            new("Data", data.Source ?? "(in memory)"),
            new($"Training {noun}", trainingSamples.ToString("N0", CultureInfo.InvariantCulture)),
            new($"Test {noun}", data.Test.Inputs.shape[0].ToString("N0", CultureInfo.InvariantCulture)),
            new("Batch size", settings.BatchSize.ToString(CultureInfo.InvariantCulture)),
            new("Seed", seed.ToString(CultureInfo.InvariantCulture)),
            new("Threads", get_num_threads().ToString(CultureInfo.InvariantCulture)),
            new("Device", device.type.ToString()),
            new(
                "Training compute",
                $"{TrainingCompute.Format(flop)} ({TrainingCompute.Convention})"),
        };
    }
}
