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
    private readonly IAnsiConsole console;
    private readonly ProgressContext context;
    private ProgressTask? task;
    private int epochCount;

    private ConsoleTrainingProgress(IAnsiConsole console, ProgressContext context)
    {
        this.console = console;
        this.context = context;
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
        epochCount = epochs;
        task = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{epochs}"), maxValue: samples);
    }

    /// <inheritdoc/>
    public void BatchCompleted(BatchProgress progress)
    {
        if (task is null)
        {
            return;
        }

        var (name, value) = progress.Accuracy is { } accuracy ? ("acc", accuracy) : ("mae", progress.MeanAbsoluteError ?? double.NaN);
        task.Value = progress.SamplesDone;
        task.Description = string.Create(
            CultureInfo.InvariantCulture,
            $"Epoch {progress.Epoch}/{epochCount}  loss {progress.Loss:0.0000}  {name} {value:0.0000}  {progress.ImagesPerSecond:0} img/s");
    }

    /// <inheritdoc/>
    public void EpochCompleted(EpochMetrics metrics)
    {
        if (task is not null)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }

        ConsoleReport.WriteEpoch(console, metrics, epochCount);
    }
}
