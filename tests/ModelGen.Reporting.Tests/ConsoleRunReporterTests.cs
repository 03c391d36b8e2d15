using System.Collections.Immutable;
using ModelGen.Evaluation;
using ModelGen.Runs;
using Spectre.Console.Testing;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

/// <summary>What a run shows on the terminal and writes into its folder, from the plain data a run produces.</summary>
public sealed class ConsoleRunReporterTests
{
    [Fact]
    public void The_plan_says_where_what_and_how_and_whether_the_run_resumes()
    {
        var console = new TestConsole().Width(300);
        var reporter = new ConsoleRunReporter(console);
        var settings = new TrainingSettings(
            new AdamaxSettings(0.005, 0.9, 0.999, 1e-8, 0), new ExponentialSchedule(0.9), LossFunction.CategoricalCrossEntropy, 64, 3,
            new InputNormalization(ImmutableArray.Create(0.5), ImmutableArray.Create(1.0)));
        var plan = new TrainingPlan("Cifar10Cnn", 1_084_234, "/runs/a", "/data/cifar.tar.gz", 5000, 10000, true, settings, 2, "CPU", "/runs/a/checkpoint.mgm", 2);

        reporter.TrainingStarting(plan);
        reporter.TrainingStarting(plan with { ResumeFromEpoch = 0, ImageInputs = false });

        var lines = console.Lines.Select(l => l.TrimEnd()).ToList();
        Assert.Equal("Output folder: /runs/a", lines[0]);
        Assert.Equal("Data: 5,000 training and 10,000 test images from /data/cifar.tar.gz; batch size 64, 2 thread(s), device CPU.", lines[1]);
        Assert.Equal("Resuming from /runs/a/checkpoint.mgm (epoch 2 done).", lines[2]);
        Assert.StartsWith("Training Cifar10Cnn (1,084,234 parameters) for 3 epochs with AdamaxSettings { LearningRate = 0.005", lines[3], StringComparison.Ordinal);
        Assert.Contains("5,000 training and 10,000 test samples", lines[5], StringComparison.Ordinal);
        Assert.Equal("No checkpoint in the output folder yet: starting from epoch 1.", lines[6]);
    }

    [Fact]
    public void Finishing_writes_the_evaluation_then_the_report_with_the_pictures_of_the_run()
    {
        using var temp = new TempFolder();
        var console = new TestConsole().Width(160);
        var matrix = Matrix();
        var predictions = new[] { new Prediction(7, 3, 3, 0.9f), new Prediction(2, 1, 4, 0.6f) };
        var outcome = new RunOutcome(
            "Cifar10Cnn",
            temp.Path,
            Path.Combine(temp.Path, "model.mgm"),
            Classified(0.61, matrix, predictions),
            Epochs(2),
            "Model: \"Cifar10Cnn\"",
            "settings",
            [new SamplePicture(4, 5, Solid(1, 2, 3), 32, 32)],
            [new SamplePicture(2, 1, Solid(0, 0, 255), 32, 32), new SamplePicture(7, 3, Solid(255, 0, 0), 32, 32)],
            [new("Seed", "1")],
            new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

        new ConsoleRunReporter(console).Finished(outcome);

        var lines = console.Lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal($"Test accuracy: {ConsoleReport.Fixed(matrix.Accuracy)}", lines[^4]);
        Assert.Equal($"Model: {Path.Combine(temp.Path, "model.mgm")}", lines[^3]);
        Assert.StartsWith($"Report: {Path.Combine(temp.Path, "report.html")}", lines[^2], StringComparison.Ordinal);
        Assert.Equal("Training compute: 0.0000 PFLOP (6 FLOP per multiply-add and training example: forward and backward)", lines[^1]);
        var content = RunReportContent.From(outcome);
        Assert.Equal(["dog"], content.TrainingImages.Select(i => i.Caption));
        // In the evaluation's order, each with its own pixels: sample 7 is red, sample 2 blue.
        Assert.Equal(["cat 0.90\ntrue: cat", "deer 0.60\ntrue: automobile"], content.TestPredictions.Select(i => i.Caption));
        Assert.Equal((255, 0, 0), content.TestPredictions[0].GetPixel(0, 0));
        Assert.True(content.TestPredictions[1].IsMistake);
        Assert.True(File.Exists(Path.Combine(temp.Path, RunReport.TestPredictionsFileName)));
        Assert.Contains("<th>Seed</th><td>1</td>", File.ReadAllText(Path.Combine(temp.Path, "report.html")), StringComparison.Ordinal);
    }
}
