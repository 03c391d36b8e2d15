using System.Globalization;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Reporting;

/// <summary>
/// A live Spectre.Console progress bar per epoch (running loss and accuracy, or a regression model's mean absolute
/// error, throughput, time left), and the epoch's summary line (<see cref="ConsoleReport.EpochLine"/>) when it ends.
/// </summary>
public sealed class ConsoleTrainingProgress : ITrainingObserver
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext _context;
    private ProgressTask? _task;
    private int _epochCount;

    private ConsoleTrainingProgress(IAnsiConsole console, ProgressContext context)
    {
        _console = console;
        _context = context;
    }

    /// <summary>Runs <paramref name="work"/> with a live progress display on <paramref name="console"/> that the observer it gets drives.</summary>
    public static T Run<T>(IAnsiConsole console, Func<ITrainingObserver, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(context => work(new ConsoleTrainingProgress(console, context)));
    }

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int epochs, double learningRate, long samples)
    {
        _epochCount = epochs;
        _task = _context.AddTask(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{epochs}"), maxValue: samples);
    }

    /// <inheritdoc/>
    public void BatchCompleted(BatchProgress progress)
    {
        if (_task is null)
        {
            return;
        }

        var (name, value) = progress.Accuracy is { } accuracy ? ("acc", accuracy) : ("mae", progress.MeanAbsoluteError ?? double.NaN);
        _task.Value = progress.SamplesDone;
        _task.Description = string.Create(
            CultureInfo.InvariantCulture,
            $"Epoch {progress.Epoch}/{_epochCount}  loss {progress.Loss:0.0000}  {name} {value:0.0000}  {progress.ImagesPerSecond:0} img/s");
    }

    /// <inheritdoc/>
    public void EpochCompleted(EpochMetrics metrics)
    {
        if (_task is not null)
        {
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }

        ConsoleReport.WriteEpoch(_console, metrics, _epochCount);
    }

    /// <inheritdoc/>
    public void CallbackActed(int epoch, string note) => _console.MarkupLineInterpolated($"[grey]  {note}[/]");
}
