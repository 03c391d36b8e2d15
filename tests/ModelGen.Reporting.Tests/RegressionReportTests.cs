using System.Text.Json;
using Spectre.Console.Testing;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

/// <summary>A regression model's results: mean squared and absolute errors everywhere a classifier shows accuracy.</summary>
public sealed class RegressionReportTests
{
    [Fact]
    public void Console_shows_the_errors_with_the_mean_absolute_error_last_and_no_class_tables()
    {
        var console = new TestConsole().Width(160);

        ConsoleReport.WriteEvaluation(console, RegressionContent().Test);

        var lines = console.Lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(["Test loss: 0.8321", "Test MSE: 0.8321", "Test MAE: 0.7125"], lines);
    }

    [Fact]
    public void Epoch_line_ends_with_the_epochs_training_compute_when_it_is_known()
    {
        var epoch = RegressionEpochs()[0] with { TrainingFlop = 4.2e12 };

        var line = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(epoch, 6));
        var unknown = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(RegressionEpochs()[0], 6));

        Assert.EndsWith("s  0.0042 PFLOP", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PFLOP", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void Epoch_line_and_table_show_the_mean_absolute_error_where_a_classifier_has_accuracy()
    {
        var epoch = RegressionEpochs()[3];

        var line = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(epoch, 6));
        var compact = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(epoch, 6, compact: true));
        var console = new TestConsole().Width(160);
        console.Write(ConsoleReport.EpochTable(RegressionEpochs()));

        Assert.Contains("loss 1.0000  MAE 0.8000  test loss 1.2500  test MAE 0.9000", line, StringComparison.Ordinal);
        Assert.Contains("train 1.0000/0.8000 test 1.2500/0.9000", compact, StringComparison.Ordinal);
        Assert.DoesNotContain("acc", line, StringComparison.Ordinal);
        Assert.Contains("MAE", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("acc", console.Output, StringComparison.Ordinal);
        Assert.Contains("0.9000", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_has_learning_curves_and_error_cards_but_no_confusion_matrix()
    {
        using var temp = new TempFolder();

        var files = RunReport.Write(temp.Path, RegressionContent());

        Assert.Null(files.ConfusionMatrixPng);
        Assert.Equal(
            ["learning-curves.png", "metrics.json", "report.html"],
            Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var html = File.ReadAllText(files.ReportHtml);
        Assert.Contains("Test MAE</div><div class=\"value\">0.7125</div>", html, StringComparison.Ordinal);
        Assert.Contains("Test MSE</div><div class=\"value\">0.8321</div>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Test mean absolute error</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Precision", html, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", html, StringComparison.OrdinalIgnoreCase);
        // The best epoch is the one with the lowest test error: the last.
        Assert.Contains("<tr class=\"best\"><td>6</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_json_has_errors_instead_of_accuracies_and_reads_back()
    {
        var content = RegressionContent();

        var json = RunMetrics.From(content).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["loss", "samples", "meanSquaredError", "meanAbsoluteError"], Names(root.GetProperty("test")));
        Assert.Equal(
            ["epoch", "learningRate", "trainLoss", "testLoss", "imagesPerSecond", "durationSeconds", "trainMeanAbsoluteError", "testMeanAbsoluteError", "trainingPetaflop"],
            Names(root.GetProperty("epochs")[0]));
        Assert.Equal(0, root.GetProperty("classes").GetArrayLength());
        Assert.Equal(0, root.GetProperty("confusionMatrix").GetArrayLength());
        Assert.Equal(0, root.GetProperty("classNames").GetArrayLength());

        var metrics = RunMetrics.Parse(json);
        Assert.Null(metrics.Test.Accuracy);
        Assert.Equal(0.7125, metrics.Test.MeanAbsoluteError);
        Assert.Equal(0.8321, metrics.Test.MeanSquaredError);
        Assert.Equal(content.Epochs[1].TestMeanAbsoluteError, metrics.Epochs[1].TestMeanAbsoluteError);
        Assert.Null(metrics.Epochs[1].TrainAccuracy);
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}
