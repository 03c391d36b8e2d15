using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Training;

namespace ModelGen.Runs;

/// <summary>
/// Shows a run as it happens and reports its results: <see cref="ModelRun"/> calls it at each stage. The console
/// implementation (progress bars, tables, and the report folder) is <c>ModelGen.Reporting.ConsoleRunReporter</c>.
/// </summary>
public interface IRunReporter
{
    /// <summary>Runs <paramref name="load"/>, showing the progress of a download if it makes one, and returns its data.</summary>
    RunData LoadData(Func<IProgress<DownloadProgress>, RunData> load);

    /// <summary>An evaluation loaded its model file.</summary>
    void ModelLoaded(string path, ModelFileHeader header);

    /// <summary>Training is about to start, as planned.</summary>
    void TrainingStarting(TrainingPlan plan);

    /// <summary>Runs <paramref name="train"/>, showing its progress through the observer it is given, and returns its history.</summary>
    IReadOnlyList<EpochMetrics> Train(Func<ITrainingObserver, IReadOnlyList<EpochMetrics>> train);

    /// <summary>The run finished: show the evaluation and write the report.</summary>
    void Finished(RunOutcome outcome);
}

/// <summary>What a training run is about to do.</summary>
/// <param name="ModelName">The spec's model name.</param>
/// <param name="ParameterCount">The model's parameters, trained or frozen (<c>TModel.ParameterCount</c>).</param>
/// <param name="OutputFolder">The run's folder (full path).</param>
/// <param name="DataSource">Where the data came from, if known.</param>
/// <param name="TrainingSamples">Samples per training epoch.</param>
/// <param name="TestSamples">Samples in the test split.</param>
/// <param name="ImageInputs">Whether the inputs are images (uint8), rather than features.</param>
/// <param name="Settings">The settings the trainer applies: the spec's with the overrides.</param>
/// <param name="Threads">TorchSharp's CPU threads.</param>
/// <param name="Device">Where the model computes.</param>
/// <param name="CheckpointPath">The checkpoint written after every epoch.</param>
/// <param name="ResumeFromEpoch">Null: a new run. Otherwise the run resumes: after this epoch of the checkpoint, or
/// from the start (0) when the folder has no checkpoint yet.</param>
/// <param name="ValidationSamples">Samples validated on after every epoch (0: none).</param>
/// <param name="ValidationWasSplit">Whether they were held out of the training data (the validation split).</param>
/// <param name="Warnings">What the person running should know about the data (<see cref="RunData.Warnings"/>).</param>
public sealed record TrainingPlan(
    string ModelName,
    long ParameterCount,
    string OutputFolder,
    string? DataSource,
    long TrainingSamples,
    long TestSamples,
    bool ImageInputs,
    TrainingSettings Settings,
    int Threads,
    string Device,
    string CheckpointPath,
    int? ResumeFromEpoch,
    long ValidationSamples = 0,
    bool ValidationWasSplit = false,
    IReadOnlyList<string>? Warnings = null)
{
    /// <summary>
    /// What the person running it should know before it starts, as sentences: a left-over lock taken over, temporary
    /// files of interrupted writes deleted, the settings a resume takes from its checkpoint.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>What a run produced, as plain data for reports.</summary>
/// <param name="ModelName">The spec's model name.</param>
/// <param name="OutputFolder">The run's folder (full path), where the report goes.</param>
/// <param name="ModelPath">The model a training run saved; <see langword="null"/> for an evaluation.</param>
/// <param name="Test">The final evaluation on the test split.</param>
/// <param name="Epochs">The epochs trained (restored ones included); empty for an evaluation.</param>
/// <param name="ModelSummary">The model's summary table.</param>
/// <param name="TrainingSettings">The training settings, as text.</param>
/// <param name="TrainingPictures">Random training images with their labels (only for image inputs with class labels).</param>
/// <param name="TestPictures">The images of <see cref="EvaluationResult.Samples"/>, by index (only for image inputs).</param>
/// <param name="Details">Facts about the run (data, batch size, seed, threads, device), in display order.</param>
/// <param name="FinishedAt">When the run finished.</param>
/// <param name="ExportPaths">The files a training run also wrote the model to, in other formats (<c>model.onnx</c>).</param>
public sealed record RunOutcome(
    string ModelName,
    string OutputFolder,
    string? ModelPath,
    EvaluationResult Test,
    IReadOnlyList<EpochMetrics> Epochs,
    string ModelSummary,
    string TrainingSettings,
    IReadOnlyList<SamplePicture> TrainingPictures,
    IReadOnlyList<SamplePicture> TestPictures,
    IReadOnlyList<KeyValuePair<string, string>> Details,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? ExportPaths = null);

/// <summary>One image of a data set, for pictures.</summary>
/// <param name="Index">The sample's index in its split.</param>
/// <param name="Label">Its class (for a test picture: the true class).</param>
/// <param name="ChwPixels">Its bytes in channel-major order, <c>C * H * W</c> (1 or 3 channels).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public sealed record SamplePicture(int Index, int Label, byte[] ChwPixels, int Height, int Width);
