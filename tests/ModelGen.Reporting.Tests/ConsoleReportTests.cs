using ModelGen.Evaluation;
using Spectre.Console.Testing;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

public sealed class ConsoleReportTests
{
    [Fact]
    public void Evaluation_tables_show_class_names_metrics_counts_and_the_test_accuracy_line()
    {
        var matrix = Matrix();
        var console = new TestConsole().Width(160);

        ConsoleReport.WriteEvaluation(console, Classified(0.6123, matrix, []));

        var output = console.Output;
        foreach (var name in Cifar10Classes)
        {
            Assert.Contains(name, output, StringComparison.Ordinal);
        }

        Assert.Contains("Precision", output, StringComparison.Ordinal);
        Assert.Contains("Recall", output, StringComparison.Ordinal);
        Assert.Contains("Support", output, StringComparison.Ordinal);
        Assert.Contains(ConsoleReport.Fixed(matrix.Precision(3)), output, StringComparison.Ordinal);
        Assert.Contains(ConsoleReport.Fixed(matrix.Recall(3)), output, StringComparison.Ordinal);
        Assert.Contains(ConsoleReport.Fixed(matrix.ClassAccuracy(3)), output, StringComparison.Ordinal);
        Assert.Contains("1,000", output, StringComparison.Ordinal);   // support
        Assert.Contains("10,000", output, StringComparison.Ordinal);  // total
        Assert.Contains(matrix[3, 3].ToString(System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Contains($"Test accuracy: {matrix.Accuracy:0.0000}", output.Split('\n').Select(l => l.Trim()));
        Assert.Contains("Test loss: 0.6123", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_table_rows_are_true_classes_in_order()
    {
        var matrix = new ConfusionMatrix(["cat", "dog"]);
        matrix.Add(0, 0, 7);
        matrix.Add(0, 1, 3);
        matrix.Add(1, 1, 9);
        var console = new TestConsole().Width(120);

        console.Write(ConsoleReport.ConfusionMatrixTable(matrix));

        var rows = console.Lines.Where(l => l.StartsWith("│ cat", StringComparison.Ordinal) || l.StartsWith("│ dog", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        Assert.Equal(["cat 7 3", "dog 0 9"], rows);
    }

    [Fact]
    public void Narrow_consoles_number_the_confusion_matrix_columns()
    {
        var console = new TestConsole().Width(80);

        ConsoleReport.WriteEvaluation(console, Classified(0.5, Matrix(), []));

        Assert.Contains("9 truck", console.Output, StringComparison.Ordinal);
        Assert.All(console.Lines, line => Assert.True(line.Length <= 80, $"line longer than 80: {line}"));
    }

    [Fact]
    public void Class_names_with_markup_characters_are_shown_literally()
    {
        var matrix = Matrix(["[red]", "a]b", "<script>"]);
        var console = new TestConsole().Width(120);

        ConsoleReport.WriteEvaluation(console, Classified(0.5, matrix, []));

        Assert.Contains("[red]", console.Output, StringComparison.Ordinal);
        Assert.Contains("a]b", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Epoch_line_has_every_figure()
    {
        var epoch = Epochs()[2];
        var console = new TestConsole().Width(140);

        ConsoleReport.WriteEpoch(console, epoch, totalEpochs: 10);

        var line = Assert.Single(console.Lines, l => l.Length > 0);
        Assert.Equal(
            "Epoch  3/10  lr 0.004050  loss 0.9238  acc 0.5200  test loss 0.8506  test acc 0.5520    2,346 img/s    21.3 s",
            line.TrimEnd());
    }

    [Fact]
    public void Epoch_line_is_compact_on_narrow_consoles_and_says_n_a_for_a_diverged_loss()
    {
        var epoch = Epochs()[9] with { TrainLoss = double.NaN };
        var console = new TestConsole().Width(80);

        ConsoleReport.WriteEpoch(console, epoch, totalEpochs: 10);

        var line = Assert.Single(console.Lines, l => l.Length > 0).TrimEnd();
        Assert.Equal("Epoch 10/10 lr 0.001937 train n/a/0.8000 test 0.5111/0.7900 2,346 img/s 21s", line);
        Assert.True(line.Length <= 80);
    }

    [Fact]
    public void Epoch_table_lists_every_epoch()
    {
        var console = new TestConsole().Width(120);

        console.Write(ConsoleReport.EpochTable(Epochs()));

        Assert.Contains("0.005000", console.Output, StringComparison.Ordinal);
        Assert.Contains("0.7900", console.Output, StringComparison.Ordinal);   // test accuracy of epoch 10
        Assert.Contains("2,346", console.Output, StringComparison.Ordinal);
        Assert.Equal(10, console.Lines.Count(l => l.Contains("21.3", StringComparison.Ordinal)));
    }
}
