using System.Globalization;
using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Runs;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Reporting;

/// <summary>
/// Shows a <see cref="ModelRun"/> on a terminal and writes its report: a progress bar while data downloads, what the
/// run is about to do, a live progress bar per epoch with the epoch's line when it ends, the evaluation tables ending
/// with <c>Test accuracy: 0.xxxx</c> (a regression model: <c>Test MAE: ...</c>), and the report folder
/// (<see cref="RunReport.Write"/>): pictures, <c>metrics.json</c> and <c>report.html</c>.
/// </summary>
public sealed class ConsoleRunReporter : IRunReporter
{
    private readonly IAnsiConsole _console;

    /// <summary>A reporter that writes to <paramref name="console"/> (<see cref="AnsiConsole.Console"/> for the terminal).</summary>
    public ConsoleRunReporter(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
    }

    /// <inheritdoc/>
    public RunData LoadData(Func<IProgress<DownloadProgress>, RunData> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? download = null;
                return load(new ImmediateProgress<DownloadProgress>(progress =>
                {
                    download ??= context.AddTask("Downloading the data");
                    download.IsIndeterminate = progress.TotalBytes is null;   // the server sent no length: bytes so far only
                    download.MaxValue = progress.TotalBytes ?? Math.Max(1, progress.BytesReceived);
                    download.Value = progress.BytesReceived;
                }));
            });
    }

    /// <inheritdoc/>
    public void ModelLoaded(string path, ModelFileHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Format == WeightsFormat.PyTorchStateDict)
        {
            _console.MarkupLineInterpolated($"Loaded {header.ModelName} from {path} (a PyTorch state_dict: every tensor's name and shape match).");
            return;
        }

        _console.MarkupLineInterpolated($"Loaded {header.ModelName} from {path} (trained {header.Epoch} epochs).");
    }

    /// <inheritdoc/>
    public void TrainingStarting(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var noun = plan.ImageInputs ? "images" : "samples";
        _console.MarkupLineInterpolated($"Output folder: [blue]{plan.OutputFolder}[/]");
        foreach (var note in plan.Notes)
        {
            _console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");
        }

        _console.MarkupLineInterpolated(
            $"Data: {plan.TrainingSamples:N0} training and {plan.TestSamples:N0} test {noun} from {plan.DataSource ?? "memory"}; batch size {plan.Settings.BatchSize}, {plan.Threads} thread(s), device {plan.Device}.");
        foreach (var warning in plan.Warnings ?? [])
        {
            _console.MarkupLineInterpolated($"[yellow]Warning:[/] {warning}");
        }

        if (plan.ValidationSamples > 0)
        {
            _console.MarkupLineInterpolated(
                $"Validation: {plan.ValidationSamples:N0} {noun}{(plan.ValidationWasSplit ? $", a seeded random {plan.Settings.ValidationSplit:0.##%} held out of the training data" : string.Empty)}, evaluated after every epoch.");
        }

        if (plan.ResumeFromEpoch > 0)
        {
            _console.MarkupLineInterpolated($"Resuming from {plan.CheckpointPath} (epoch {plan.ResumeFromEpoch} done).");
        }
        else if (plan.ResumeFromEpoch == 0)
        {
            _console.MarkupLine("No checkpoint in the output folder yet: starting from epoch 1.");
        }

        var settings = plan.Settings;
        _console.MarkupLineInterpolated(
            $"Training {plan.ModelName} ({plan.ParameterCount:N0} parameters) for {settings.Epochs} epochs with {settings.Optimizer}, {settings.Schedule}, {settings.Loss}.");
    }

    /// <inheritdoc/>
    public IReadOnlyList<EpochMetrics> Train(Func<ITrainingObserver, IReadOnlyList<EpochMetrics>> train) =>
        ConsoleTrainingProgress.Run(_console, train);

    /// <summary>Writes the evaluation (ending with the test accuracy or MAE line), then the report, and says where both are.</summary>
    /// <exception cref="ReportException">The report could not be written (the message names the file and the cause).</exception>
    public void Finished(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ConsoleReport.WriteEvaluation(_console, outcome.Test);
        var files = RunReport.Write(outcome.OutputFolder, RunReportContent.From(outcome));
        if (outcome.ModelPath is { } modelPath)
        {
            _console.MarkupLineInterpolated($"Model: [blue]{modelPath}[/]");
        }

        foreach (var exportPath in outcome.ExportPaths ?? [])
        {
            _console.MarkupLineInterpolated($"Exported: [blue]{exportPath}[/]");
        }

        _console.MarkupLineInterpolated($"Report: [blue]{files.ReportHtml}[/] (pictures and metrics.json beside it)");
        if (outcome.Epochs.Count > 0)
        {
            var flop = outcome.Epochs.Sum(epoch => epoch.TrainingFlop);
            _console.MarkupLineInterpolated($"Training compute: [bold]{TrainingCompute.Format(flop)}[/] ({TrainingCompute.Convention})");
        }
    }

    /// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
