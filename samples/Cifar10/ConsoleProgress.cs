using System.Globalization;
using ModelGen.Reporting;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// A live Spectre.Console progress bar per epoch (running loss and accuracy, throughput, ETA), and the epoch's
/// summary line when it ends.
/// </summary>
internal sealed class ConsoleProgress : ITrainingObserver
{
    private readonly ProgressContext context;
    private ProgressTask? task;
    private int epochCount;

    public ConsoleProgress(ProgressContext context) => this.context = context;

    /// <summary>Runs <paramref name="work"/> with a live progress display that this observer drives.</summary>
    public static T Run<T>(Func<ConsoleProgress, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .Start(context => work(new ConsoleProgress(context)));

    public void EpochStarted(int epoch, int epochs, double learningRate, long samples)
    {
        epochCount = epochs;
        task = context.AddTask(Describe(epoch, epochs, double.NaN, double.NaN, 0), maxValue: samples);
    }

    public void BatchCompleted(int epoch, long samplesDone, double runningLoss, double runningAccuracy, double imagesPerSecond)
    {
        if (task is null)
        {
            return;
        }

        task.Value = samplesDone;
        task.Description = Describe(epoch, epochCount, runningLoss, runningAccuracy, imagesPerSecond);
    }

    public void EpochCompleted(EpochMetrics metrics)
    {
        if (task is not null)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }

        ConsoleReport.WriteEpoch(AnsiConsole.Console, metrics, epochCount);
    }


    private static string Describe(int epoch, int epochs, double loss, double accuracy, double imagesPerSecond) =>
        double.IsNaN(loss)
            ? string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{epochs}")
            : string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{epochs}  loss {loss:0.0000}  acc {accuracy:0.0000}  {imagesPerSecond:0} img/s");
}
