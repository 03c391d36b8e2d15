using System.Text.Json;
using ModelGen.Evaluation;
using ModelGen.Training;
using SkiaSharp;
using Spectre.Console.Testing;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

/// <summary>Validation figures are reported apart from the test set's: epoch line, tables, curves, metrics.json; R² for regression.</summary>
public sealed class ValidationReportTests
{
    private static List<EpochMetrics> Validated() =>
        Epochs(4).Select(e => e with { ValidationLoss = 0.9 / e.Epoch, ValidationAccuracy = 0.5 + (0.1 * e.Epoch) }).ToList();

    [Fact]
    public void The_epoch_line_and_table_show_validation_between_training_and_test()
    {
        var epoch = Validated()[1];

        var line = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(epoch, 4));
        var compact = Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(epoch, 4, compact: true));
        var console = new TestConsole().Width(200);
        console.Write(ConsoleReport.EpochTable(Validated()));

        Assert.Matches(@"acc \d\.\d{4}  val loss 0\.4500  val acc 0\.7000  test loss", line);
        Assert.Contains("val 0.4500/0.7000 test", compact, StringComparison.Ordinal);
        Assert.Contains("Val", console.Output, StringComparison.Ordinal);
        Assert.Contains("0.7000", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("val", Spectre.Console.Markup.Remove(ConsoleReport.EpochLine(Epochs(2)[1], 2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_json_and_the_report_carry_validation_per_epoch()
    {
        using var temp = new TempFolder();
        var content = new RunReportContent { ModelName = "M", Test = RegressionContent().Test, Epochs = Validated() };

        var files = RunReport.Write(temp.Path, content);

        using var json = JsonDocument.Parse(File.ReadAllText(files.MetricsJson));
        var first = json.RootElement.GetProperty("epochs")[0];
        Assert.Equal(0.9, first.GetProperty("validationLoss").GetDouble(), precision: 9);
        Assert.Equal(0.6, first.GetProperty("validationAccuracy").GetDouble(), precision: 9);
        Assert.Contains("Validation loss", File.ReadAllText(files.ReportHtml), StringComparison.Ordinal);
        using var unvalidated = JsonDocument.Parse(RunMetrics.From(RegressionContent()).ToJson());
        Assert.False(unvalidated.RootElement.GetProperty("epochs")[0].TryGetProperty("validationLoss", out _));
    }

    [Fact]
    public void Learning_curves_draw_validation_in_its_own_colour()
    {
        var validation = SKColor.Parse("#2ca02c");

        using var with = SKBitmap.Decode(ReportCharts.LearningCurves(Validated()));
        using var without = SKBitmap.Decode(ReportCharts.LearningCurves(Epochs(4)));

        Assert.True(Count(with, validation) > 100, "validation pixels");
        Assert.Equal(0, Count(without, validation));
    }

    [Fact]
    public void A_regression_evaluation_shows_r_squared_before_the_mean_absolute_error()
    {
        var console = new TestConsole().Width(160);

        ConsoleReport.WriteEvaluation(console, EvaluationResult.ForRegression(0.1028, 586, 0.1028, 0.1998, rSquared: 0.8542));

        var lines = console.Lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(["Test loss: 0.1028", "Test MSE: 0.1028", "Test R2: 0.8542", "Test MAE: 0.1998"], lines);
    }

    private static int Count(SKBitmap bitmap, SKColor colour)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - colour.Red) < 20 && Math.Abs(c.Green - colour.Green) < 20 && Math.Abs(c.Blue - colour.Blue) < 20)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
