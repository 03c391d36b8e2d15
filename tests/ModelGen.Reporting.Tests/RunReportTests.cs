using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGen.Evaluation;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

public sealed partial class RunReportTests
{
    [Fact]
    public void Write_creates_the_folder_and_writes_every_file_with_no_temp_files_left()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "runs", "2026-11-28");

        var files = RunReport.Write(folder, Content());

        Assert.Equal(Path.GetFullPath(folder), files.Folder);
        Assert.Equal(
            ["confusion-matrix.png", "learning-curves.png", "metrics.json", "report.html", "test-predictions.png", "training-images.png"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(6, files.All.Count);
        Assert.All(files.All, f => Assert.True(File.Exists(f), f));
        Assert.Equal(files.ReportHtml, files.All[^1]);
        foreach (var png in files.All.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            using var bitmap = DecodePng(File.ReadAllBytes(png));
            Assert.True(bitmap.Width > 300 && bitmap.Height > 300, png);
        }
    }

    [Fact]
    public void Writing_again_replaces_the_files()
    {
        using var temp = new TempFolder();
        RunReport.Write(temp.Path, Content(summary: "first"));

        var files = RunReport.Write(temp.Path, Content(summary: "second"));

        var html = File.ReadAllText(files.ReportHtml);
        Assert.Contains("second", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">first", html, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp*"));
        Assert.Equal(6, Directory.GetFiles(temp.Path).Length);
    }

    [Fact]
    public void An_evaluation_without_training_has_no_learning_curves()
    {
        using var temp = new TempFolder();

        var files = RunReport.Write(temp.Path, Content(epochs: []));

        Assert.Null(files.LearningCurvesPng);
        Assert.False(File.Exists(Path.Combine(temp.Path, RunReport.LearningCurvesFileName)));
        Assert.Equal(3, ImageTags().Matches(File.ReadAllText(files.ReportHtml)).Count);
        Assert.Empty(RunMetrics.Read(files.MetricsJson).Epochs);
    }

    [Fact]
    public void Report_html_is_self_contained_with_one_data_uri_image_per_picture()
    {
        using var temp = new TempFolder();

        var files = RunReport.Write(temp.Path, Content());
        var html = File.ReadAllText(files.ReportHtml);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        var images = ImageTags().Matches(html);
        Assert.Equal(4, images.Count);
        Assert.Equal(4, Regex.Matches(html, "<img ").Count);
        foreach (Match image in images)
        {
            var png = Convert.FromBase64String(image.Groups[1].Value);
            DecodePng(png).Dispose();
        }

        // The embedded pictures are exactly the PNG files written beside it.
        var embedded = images.Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var png in files.All.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(png)), embedded);
        }

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_html_shows_summary_settings_accuracy_loss_epochs_and_classes()
    {
        using var temp = new TempFolder();
        var content = Content(summary: "Model: \"Cifar10Cnn\"\nTotal params: 1,084,234");

        var html = File.ReadAllText(RunReport.Write(temp.Path, content).ReportHtml);

        Assert.Contains("<pre>Model: &quot;Cifar10Cnn&quot;\nTotal params: 1,084,234</pre>", html, StringComparison.Ordinal);
        Assert.Contains("optimizer: adamax (lr 0.005)", html, StringComparison.Ordinal);
        var accuracy = content.Test.Accuracy!.Value;
        Assert.Contains(ConsoleReport.Fixed(accuracy), html, StringComparison.Ordinal);
        Assert.Contains(accuracy.ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("0.6123", html, StringComparison.Ordinal);
        Assert.Contains("<td>0.7900</td>", html, StringComparison.Ordinal);     // last epoch's test accuracy
        Assert.Contains("<td>0.004050</td>", html, StringComparison.Ordinal);   // third epoch's learning rate
        foreach (var name in Cifar10Classes)
        {
            Assert.Contains($"<th>{name}</th>", html, StringComparison.Ordinal);
        }

        Assert.Contains($"<td>{ConsoleReport.Fixed(content.Test.Confusion!.Precision(2))}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>1,000</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>seed</th><td>1</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_html_escapes_every_string()
    {
        using var temp = new TempFolder();
        var matrix = Matrix(["<script>alert(1)</script>", "a&b", "\"quoted\""]);
        var content = Content(matrix: matrix, caption: "<script>evil()</script>", summary: "<b>not bold</b> & </pre>");
        content = new RunReportContent
        {
            ModelName = "<img src=x onerror=alert(1)>",
            Test = content.Test,
            Epochs = content.Epochs,
            ModelSummary = content.ModelSummary,
            TrainingSettings = "<script>settings</script>",
            TrainingImages = content.TrainingImages,
            TestPredictions = content.TestPredictions,
            Details = [new("<k>", "<v>")],
        };

        var html = File.ReadAllText(RunReport.Write(temp.Path, content).ReportHtml);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;evil()&lt;/script&gt;", html, StringComparison.Ordinal);       // a caption (image alt text)
        Assert.Contains("<th>&lt;script&gt;alert(1)&lt;/script&gt;</th>", html, StringComparison.Ordinal); // a class name
        Assert.Contains("<th>a&amp;b</th>", html, StringComparison.Ordinal);
        Assert.Contains("&quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;/pre&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<th>&lt;k&gt;</th><td>&lt;v&gt;</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<pre>").Count); // summary and settings, each still one block
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageTags();
}

public sealed class MetricsJsonTests
{
    [Fact]
    public void Metrics_json_round_trips_with_the_numbers()
    {
        using var temp = new TempFolder();
        var content = Content();
        var matrix = content.Test.Confusion!;

        var metrics = RunMetrics.Read(RunReport.Write(temp.Path, content).MetricsJson);

        Assert.Equal(RunMetrics.CurrentSchemaVersion, metrics.SchemaVersion);
        Assert.Equal("Cifar10Cnn", metrics.Model);
        Assert.Equal(content.CreatedAt, metrics.CreatedAt);
        Assert.Equal(Cifar10Classes, metrics.ClassNames);
        Assert.Equal(matrix.Accuracy, metrics.Test.Accuracy);
        Assert.Equal(0.6123, metrics.Test.Loss);
        Assert.Equal(10_000, metrics.Test.Samples);
        Assert.Equal(10, metrics.Epochs.Count);
        var third = content.Epochs[2];
        Assert.Equal(
            new EpochRecord(3, third.LearningRate, third.TrainLoss, third.TrainAccuracy, third.TestLoss, third.TestAccuracy, 2345.6, 21.25),
            metrics.Epochs[2]);
        Assert.Equal(10, metrics.Classes.Count);
        Assert.Equal(
            new ClassMetrics(3, "cat", matrix.Precision(3), matrix.Recall(3), matrix.ClassAccuracy(3), 1000),
            metrics.Classes[3]);
        for (var a = 0; a < 10; a++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(p => matrix[a, p]), metrics.ConfusionMatrix[a]);
        }

        Assert.Equal("1", metrics.Details["seed"]);
    }

    [Fact]
    public void Metrics_json_uses_camel_case_names_and_plain_numbers()
    {
        var json = RunMetrics.From(Content()).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0.6123, root.GetProperty("test").GetProperty("loss").GetDouble());
        var epoch = root.GetProperty("epochs")[0];
        Assert.Equal(0.005, epoch.GetProperty("learningRate").GetDouble());
        Assert.Equal(21.25, epoch.GetProperty("durationSeconds").GetDouble());
        Assert.True(epoch.TryGetProperty("testAccuracy", out _));
        Assert.Equal("airplane", root.GetProperty("classes")[0].GetProperty("name").GetString());
        Assert.Equal(1000, root.GetProperty("classes")[0].GetProperty("support").GetInt64());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("confusionMatrix")[9].ValueKind);
        Assert.Contains("\"learningRate\": 0.005,", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classifiers_metrics_json_keeps_its_shape_with_one_confusion_row_per_line()
    {
        var content = Content();
        var matrix = content.Test.Confusion!;

        var json = RunMetrics.From(content).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(
            ["schemaVersion", "model", "createdAt", "classNames", "test", "epochs", "classes", "confusionMatrix", "details"],
            Names(root));
        Assert.Equal(["accuracy", "loss", "samples"], Names(root.GetProperty("test")));
        Assert.Equal(
            ["epoch", "learningRate", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy", "imagesPerSecond", "durationSeconds", "trainingPetaflop"],
            Names(root.GetProperty("epochs")[0]));
        var rows = Enumerable.Range(0, 10).Select(a => "    [" + string.Join(", ", Enumerable.Range(0, 10).Select(p => matrix[a, p])) + "]");
        Assert.Contains("  \"confusionMatrix\": [\n" + string.Join(",\n", rows) + "\n  ],\n", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Confusion_matrix_rows_are_one_line_each_and_strings_are_left_alone()
    {
        var matrix = Matrix(["[1,\n2]", "[3,4]", "b"]);

        var json = RunMetrics.From(Content(matrix: matrix)).ToJson();

        Assert.Contains($"[{matrix[0, 0]}, {matrix[0, 1]}, {matrix[0, 2]}],", json, StringComparison.Ordinal);
        Assert.Equal(["[1,\n2]", "[3,4]", "b"], RunMetrics.Parse(json).ClassNames);
        Assert.Equal(matrix[2, 1], RunMetrics.Parse(json).ConfusionMatrix[2][1]);
    }

    [Fact]
    public void Non_finite_numbers_are_written_as_null_and_read_back_as_NaN()
    {
        var epochs = Epochs(2);
        epochs[1] = epochs[1] with { TrainLoss = double.NaN, TestLoss = double.PositiveInfinity };

        var json = RunMetrics.From(Content(epochs: epochs)).ToJson();
        var metrics = RunMetrics.Parse(json);

        Assert.Contains("\"trainLoss\": null", json, StringComparison.Ordinal);
        Assert.True(double.IsNaN(metrics.Epochs[1].TrainLoss));
        Assert.True(double.IsNaN(metrics.Epochs[1].TestLoss));
    }

    [Fact]
    public void Reading_a_broken_metrics_file_names_it()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "metrics.json");
        File.WriteAllText(path, "{ \"schemaVersion\": ");

        var e = Assert.Throws<ReportException>(() => RunMetrics.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Path, "missing.json"), Assert.Throws<ReportException>(() => RunMetrics.Read(Path.Combine(temp.Path, "missing.json"))).Message, StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();
}

public sealed class AtomicWriteTests
{
    [Fact]
    public void Atomic_write_replaces_the_file_and_leaves_no_temp_file()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "data.bin");
        File.WriteAllText(path, "old content that is longer than the new one");

        OutputFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["data.bin"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_names_the_file_and_cleans_up_its_temp_file()
    {
        using var temp = new TempFolder();
        var target = Path.Combine(temp.Path, "report.html");
        Directory.CreateDirectory(target); // a folder where the file should go: the final rename fails

        var e = Assert.Throws<ReportException>(() => OutputFile.WriteAllText(target, "<html></html>"));

        Assert.Contains(target, e.Message, StringComparison.Ordinal);
        Assert.Equal(target, e.Path);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_file_and_no_temp_file()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "metrics.json");
        File.WriteAllText(path, "old");

        // The shared helper every writer uses: the failure reaches the caller unchanged, to be worded in its terms.
        var e = Assert.Throws<IOException>(() => ModelGen.IO.AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("No space left on device", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["metrics.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void An_output_folder_that_is_a_file_gives_a_clear_message()
    {
        using var temp = new TempFolder();
        var file = Path.Combine(temp.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var e = Assert.Throws<ReportException>(() => RunReport.Write(file, Content()));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("is a file", e.Message, StringComparison.Ordinal);

        var below = Path.Combine(file, "run");
        var e2 = Assert.Throws<ReportException>(() => RunReport.Write(below, Content()));
        Assert.Contains(below, e2.Message, StringComparison.Ordinal);
        Assert.Equal(["not-a-folder"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Reporting_does_not_reference_TorchSharp()
    {
        var references = typeof(RunReport).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.DoesNotContain(references, name => name!.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
    }
}
