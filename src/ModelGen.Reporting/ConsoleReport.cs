using System.Globalization;
using ModelGen.Evaluation;
using ModelGen.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelGen.Reporting;

/// <summary>
/// Terminal output of a training run with Spectre.Console: the per-epoch line, the epochs table, the test result,
/// and a classifier's per-class metrics and confusion matrix. Everything is written to the <see cref="IAnsiConsole"/> passed
/// in (<see cref="AnsiConsole.Console"/> for the real terminal, a recording or test console otherwise). Numbers use
/// the invariant culture.
/// </summary>
public static class ConsoleReport
{
    /// <summary>
    /// One epoch as a single Spectre markup line, like Keras's: epoch, learning rate, train loss and accuracy,
    /// test loss and accuracy, throughput and time. Without markup it reads
    /// <c>Epoch  3/10  lr 0.004050  loss 0.9873  acc 0.6512  test loss 0.8765  test acc 0.6981  2,345 img/s  21.3 s</c>,
    /// or in the <paramref name="compact"/> form for terminals narrower than 100 columns
    /// <c>Epoch  3/10 lr 0.004050 train 0.9873/0.6512 test 0.8765/0.6981 2,345 img/s 21s</c> (loss/accuracy).
    /// A regression model's epoch shows its mean absolute error where a classifier's shows accuracy (<c>MAE</c>,
    /// <c>test MAE</c>). The full form ends with the epoch's training compute (<c>0.0040 PFLOP</c>) when it is known.
    /// </summary>
    /// <param name="epoch">The epoch's metrics.</param>
    /// <param name="totalEpochs">The number of epochs of the run, or 0 if unknown.</param>
    /// <param name="compact">The short form (at most about 80 characters).</param>
    public static string EpochLine(EpochMetrics epoch, int totalEpochs = 0, bool compact = false)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        var figure = EpochFigure.For(epoch);
        var width = Math.Max(totalEpochs, epoch.Epoch).ToString(CultureInfo.InvariantCulture).Length;
        var number = epoch.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width);
        var of = totalEpochs > 0 ? "/" + totalEpochs.ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (compact)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]Epoch {number}{of}[/] [grey]lr[/] {epoch.LearningRate:0.000000} " +
                $"[grey]train[/] {Fixed(epoch.TrainLoss)}/{Fixed(figure.Train(epoch))} " +
                $"{(epoch.ValidationLoss is { } compactLoss ? $"[grey]val[/] {Fixed(compactLoss)}/{Fixed(figure.Validation(epoch))} " : string.Empty)}" +
                $"[grey]test[/] [bold]{Fixed(epoch.TestLoss)}[/]/[bold green]{Fixed(figure.Test(epoch))}[/] " +
                $"{epoch.ImagesPerSecond:N0} [grey]img/s[/] {epoch.Duration.TotalSeconds:0}[grey]s[/]");
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]Epoch {number}{of}[/]  [grey]lr[/] {epoch.LearningRate:0.000000}  " +
            $"[grey]loss[/] {Fixed(epoch.TrainLoss)}  [grey]{figure.Short}[/] {Fixed(figure.Train(epoch))}  " +
            $"{(epoch.ValidationLoss is { } loss ? $"[grey]val loss[/] {Fixed(loss)}  [grey]val {figure.Short}[/] {Fixed(figure.Validation(epoch))}  " : string.Empty)}" +
            $"[grey]test loss[/] [bold]{Fixed(epoch.TestLoss)}[/]  [grey]test {figure.Short}[/] [bold green]{Fixed(figure.Test(epoch))}[/]  " +
            $"{epoch.ImagesPerSecond,7:N0} [grey]img/s[/]  {epoch.Duration.TotalSeconds,6:0.0} [grey]s[/]{Compute(epoch)}");
    }

    private static string Compute(EpochMetrics epoch) => epoch.TrainingFlop > 0
        ? $"  {Markup.Escape(TrainingCompute.Format(epoch.TrainingFlop))}"
        : string.Empty;

    /// <summary>
    /// Writes <see cref="EpochLine"/> for <paramref name="epoch"/> as one line, in the compact form when the console
    /// is narrower than 100 columns.
    /// </summary>
    /// <param name="console">Where to write.</param>
    /// <param name="epoch">The epoch's metrics.</param>
    /// <param name="totalEpochs">The number of epochs of the run, or 0 if unknown.</param>
    public static void WriteEpoch(IAnsiConsole console, EpochMetrics epoch, int totalEpochs = 0)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine(EpochLine(epoch, totalEpochs, compact: console.Profile.Width < 100));
    }

    /// <summary>
    /// A table of all epochs: epoch, learning rate, train and test loss and accuracy (a regression model's: mean
    /// absolute error), images/s, seconds.
    /// </summary>
    /// <param name="epochs">The epochs, in order.</param>
    public static Table EpochTable(IReadOnlyList<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var figure = EpochFigure.For(epochs);
        var table = new Table().Border(TableBorder.Rounded).Title("Training");
        table.AddColumn(new TableColumn("Epoch").RightAligned());
        table.AddColumn(new TableColumn("LR").RightAligned());
        table.AddColumn(new TableColumn("Train\nloss").RightAligned());
        table.AddColumn(new TableColumn("Train\n" + figure.Short).RightAligned());
        var validated = epochs.Any(e => e.ValidationLoss is not null);
        if (validated)
        {
            table.AddColumn(new TableColumn("Val\nloss").RightAligned());
            table.AddColumn(new TableColumn("Val\n" + figure.Short).RightAligned());
        }

        table.AddColumn(new TableColumn("Test\nloss").RightAligned());
        table.AddColumn(new TableColumn("Test\n" + figure.Short).RightAligned());
        table.AddColumn(new TableColumn("Images\n/s").RightAligned());
        table.AddColumn(new TableColumn("Seconds").RightAligned());
        foreach (var e in epochs)
        {
            var validation = validated ? new[] { Fixed(e.ValidationLoss ?? double.NaN), Fixed(figure.Validation(e)) } : [];
            table.AddRow([
                Invariant(e.Epoch),
                e.LearningRate.ToString("0.000000", CultureInfo.InvariantCulture),
                Fixed(e.TrainLoss),
                Fixed(figure.Train(e)),
                .. validation,
                Fixed(e.TestLoss),
                Fixed(figure.Test(e)),
                e.ImagesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                e.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)]);
        }

        return table;
    }

    /// <summary>
    /// Per-class metrics: precision, recall (the tutorial's "accuracy for class"), one-vs-rest accuracy and support
    /// (samples of the class), with a total row of the overall accuracy and sample count.
    /// </summary>
    /// <param name="matrix">The confusion matrix to derive them from.</param>
    public static Table ClassMetricsTable(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var table = new Table().Border(TableBorder.Rounded).Title("Per-class metrics (test set)");
        table.AddColumn("Class");
        table.AddColumn(new TableColumn("Precision").RightAligned());
        table.AddColumn(new TableColumn("Recall").RightAligned());
        table.AddColumn(new TableColumn("Accuracy (1-vs-rest)").RightAligned());
        table.AddColumn(new TableColumn("Support").RightAligned());
        for (var c = 0; c < matrix.ClassCount; c++)
        {
            table.AddRow(
                new Text(matrix.ClassNames[c]),
                new Text(Fixed(matrix.Precision(c))),
                new Text(Fixed(matrix.Recall(c))),
                new Text(Fixed(matrix.ClassAccuracy(c))),
                new Text(matrix.Support(c).ToString("N0", CultureInfo.InvariantCulture)));
        }

        table.AddEmptyRow();
        table.AddRow(
            new Markup("[bold]all (accuracy)[/]"),
            new Text(string.Empty),
            new Text(string.Empty),
            new Markup($"[bold]{Fixed(matrix.Accuracy)}[/]"),
            new Text(matrix.Total.ToString("N0", CultureInfo.InvariantCulture)));
        return table;
    }

    /// <summary>
    /// The confusion matrix: one row per true class, one column per predicted class; the diagonal (correct
    /// predictions) is bold green, the largest mistake of each row yellow. When the class names do not fit in
    /// <paramref name="maxWidth"/> columns, the columns are headed by class number and the rows say which number is
    /// which class.
    /// </summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <param name="maxWidth">The width available, in terminal columns (for a console: its <c>Profile.Width</c>).</param>
    public static Table ConfusionMatrixTable(ConfusionMatrix matrix, int maxWidth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.ClassCount;
        var countWidth = Enumerable.Range(0, n)
            .SelectMany(a => Enumerable.Range(0, n).Select(p => matrix[a, p].ToString("N0", CultureInfo.InvariantCulture).Length))
            .DefaultIfEmpty(1).Max();
        var rowLabelWidth = Math.Max("true \\ predicted".Length, matrix.ClassNames.Select(c => c.Length).DefaultIfEmpty(0).Max());
        var fullWidth = rowLabelWidth + 4 + matrix.ClassNames.Sum(c => Math.Max(c.Length, countWidth) + 3);
        var numbered = fullWidth > maxWidth;

        var table = new Table().Border(TableBorder.Rounded).Title("Confusion matrix (rows: true class, columns: predicted)");
        table.AddColumn(new TableColumn("true \\ predicted"));
        for (var p = 0; p < n; p++)
        {
            var header = numbered ? p.ToString(CultureInfo.InvariantCulture) : matrix.ClassNames[p];
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        }

        for (var a = 0; a < n; a++)
        {
            var worst = -1;
            for (var p = 0; p < n; p++)
            {
                if (p != a && matrix[a, p] > 0 && (worst < 0 || matrix[a, p] > matrix[a, worst]))
                {
                    worst = p;
                }
            }

            var rowLabel = numbered ? $"{a.ToString(CultureInfo.InvariantCulture)} {matrix.ClassNames[a]}" : matrix.ClassNames[a];
            var cells = new List<IRenderable> { new Text(rowLabel, new Style(decoration: Decoration.Bold)) };
            for (var p = 0; p < n; p++)
            {
                var count = matrix[a, p].ToString("N0", CultureInfo.InvariantCulture);
                var style = p == a ? new Style(Color.Green, decoration: Decoration.Bold)
                    : p == worst ? new Style(Color.Yellow)
                    : matrix[a, p] == 0 ? new Style(Color.Grey)
                    : Style.Plain;
                cells.Add(new Text(count, style));
            }

            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>
    /// Writes the test loss and a classifier's accuracy, the latter as <c>Test accuracy: 0.7913</c> on a line of its
    /// own, last; for a regression model the mean squared error, then <c>Test MAE: 0.1234</c> last.
    /// </summary>
    /// <param name="console">Where to write.</param>
    /// <param name="result">The evaluation result.</param>
    public static void WriteTestResult(IAnsiConsole console, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.MarkupLine($"Test loss: {Fixed(result.Loss)}");
        if (result.IsClassification)
        {
            console.MarkupLine($"[bold]Test accuracy: {Fixed(result.Accuracy ?? double.NaN)}[/]");
            return;
        }

        console.MarkupLine($"Test MSE: {Fixed(result.MeanSquaredError ?? double.NaN)}");
        if (result.RSquared is { } rSquared)
        {
            console.MarkupLine($"Test R2: {Fixed(rSquared)}");
        }
        console.MarkupLine($"[bold]Test MAE: {Fixed(result.MeanAbsoluteError ?? double.NaN)}[/]");
    }

    /// <summary>
    /// Writes the whole evaluation: for a classifier the per-class table, the confusion matrix table and the test
    /// loss and accuracy; for a regression model the test loss and errors.
    /// </summary>
    /// <param name="console">Where to write.</param>
    /// <param name="result">The evaluation result.</param>
    public static void WriteEvaluation(IAnsiConsole console, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsClassification)
        {
            console.Write(ClassMetricsTable(result.Confusion));
            console.Write(ConfusionMatrixTable(result.Confusion, console.Profile.Width));
        }

        WriteTestResult(console, result);
    }

    /// <summary>A value with four decimals (<c>0.7913</c>), or <c>n/a</c> when it is not a finite number.</summary>
    internal static string Fixed(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
