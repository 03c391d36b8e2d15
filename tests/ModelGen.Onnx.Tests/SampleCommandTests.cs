using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;
using SkiaSharp;

namespace ModelGen.Onnx.Tests;

/// <summary>The sample's ONNX commands as a user runs them: the .onnx path gives what the .mgm path gives.</summary>
public sealed partial class SampleCommandTests
{
    [RealCifar10Fact]
    public void Export_then_predict_and_evaluate_print_the_same_for_the_mgm_and_the_onnx_model()
    {
        using var folder = new TemporaryFolder();
        manual_seed(2);
        using (var model = new Cifar10Cnn())
        {
            TestModels.Randomize(model, seed: 2);
            ModelFile.Save(model, folder.File("model.mgm"), epoch: 4);
        }

        var export = SampleProgram.Run(folder.Path, "export", "--model", "model.mgm", "--onnx", "model.onnx");
        var predictions = new[] { "model.mgm", "model.onnx" }
            .Select(model => SampleProgram.Run(folder.Path, "predict", "--model", model, "--data", RealCifar10.ArchivePath, "--test-index", "0", "--test-index", "42"))
            .ToList();
        var evaluations = new[] { "model.mgm", "model.onnx" }
            .Select(model => SampleProgram.Run(folder.Path, "evaluate", "--model", model, "--data", RealCifar10.ArchivePath, "--out", "evaluation-" + model))
            .ToList();

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"Wrote the ONNX model of Cifar10Cnn to {folder.File("model.onnx")}", SampleProgram.Flatten(export.StandardOutput), StringComparison.Ordinal);
        Assert.All(predictions.Concat(evaluations), result => Assert.True(result.ExitCode == 0, result.ToString()));
        var predicted = predictions.Select(result => PredictionLine().Matches(result.StandardOutput).Select(match => match.Value).ToList()).ToList();
        Assert.Equal(2, predicted[0].Count);
        Assert.Equal(predicted[0], predicted[1]);
        Assert.Contains("(trained 4 epochs)", SampleProgram.Flatten(predictions[1].StandardOutput), StringComparison.Ordinal);
        var accuracies = evaluations.Select(result => Assert.Single(AccuracyLine().Matches(result.StandardOutput)).Value).ToList();
        Assert.Equal(accuracies[0], accuracies[1]);
    }

    [RealCifar10Fact]
    public void Predict_classifies_an_image_file_as_the_same_test_image_by_index()
    {
        using var folder = new TemporaryFolder();
        using (var model = new Cifar10Cnn())
        {
            TestModels.Randomize(model, seed: 8);
            model.ExportOnnx(folder.File("model.onnx"));
        }

        using (var data = Data.Cifar10Dataset.Load(RealCifar10.ArchivePath, limit: 1))
        {
            SavePng(data.Test.GetImageHwc(42), folder.File("image42.png"));
        }

        var byIndex = SampleProgram.Run(folder.Path, "predict", "--model", "model.onnx", "--data", RealCifar10.ArchivePath, "--test-index", "42");
        var byFile = SampleProgram.Run(folder.Path, "predict", "--model", "model.onnx", "image42.png", "--json");

        Assert.True(byIndex.ExitCode == 0 && byFile.ExitCode == 0, byIndex.ToString() + byFile);
        var expected = Regex.Match(byIndex.StandardOutput, @"^test image 42: (\S+) \((\d\.\d{4})\)", RegexOptions.Multiline);
        Assert.True(expected.Success, byIndex.StandardOutput);
        using var json = JsonDocument.Parse(byFile.StandardOutput);
        var top = json.RootElement[0].GetProperty("classes")[0];
        Assert.Equal("image42.png", json.RootElement[0].GetProperty("input").GetString());
        Assert.Equal(expected.Groups[1].Value, top.GetProperty("name").GetString());
        Assert.Equal(double.Parse(expected.Groups[2].Value, CultureInfo.InvariantCulture), top.GetProperty("probability").GetDouble(), precision: 3);
    }

    [Fact]
    public void Predict_prints_the_top_three_classes_of_every_picture_in_files_and_folders()
    {
        using var folder = new TemporaryFolder();
        using var model = new Cifar10Cnn();
        ModelFile.Save(model, folder.File("model.mgm"));
        Directory.CreateDirectory(folder.File("pictures"));
        SavePng(Enumerable.Range(0, 3072).Select(i => (byte)(i % 251)).ToArray(), folder.File("a.png"));
        SavePng(Enumerable.Range(0, 3072).Select(i => (byte)(i % 13 * 19)).ToArray(), Path.Combine(folder.File("pictures"), "b.png"));
        SavePng(Enumerable.Range(0, 3072).Select(i => (byte)(255 - (i % 7))).ToArray(), Path.Combine(folder.File("pictures"), "c.png"));

        var table = SampleProgram.Run(folder.Path, "predict", "--model", "model.mgm", "a.png", "pictures");
        var json = SampleProgram.Run(folder.Path, "predict", "--model", "model.mgm", "a.png", "pictures", "--json");

        Assert.True(table.ExitCode == 0 && json.ExitCode == 0, table.ToString() + json);
        Assert.Contains("1st", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("3rd", table.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var inputs = document.RootElement.EnumerateArray().Select(e => e.GetProperty("input").GetString()).ToList();
        Assert.Equal(["a.png", Path.Combine("pictures", "b.png"), Path.Combine("pictures", "c.png")], inputs);
        foreach (var prediction in document.RootElement.EnumerateArray())
        {
            var classes = prediction.GetProperty("classes").EnumerateArray().ToList();
            Assert.Equal(3, classes.Count);
            var probabilities = classes.Select(c => c.GetProperty("probability").GetDouble()).ToList();
            Assert.Equal(probabilities.OrderDescending(), probabilities);
            Assert.Contains(Path.GetFileName(prediction.GetProperty("input").GetString()!), table.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(classes[0].GetProperty("name").GetString()!, Data.Cifar10Dataset.OfficialClassNames);
        }
    }

    [Fact]
    public void Bench_inference_prints_both_runtimes_and_the_ratio_at_batch_1_and_256()
    {
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, "bench-inference", "--rounds", "1", "--images", "256", "--threads", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"ratio at batch 1 \(ONNX Runtime/TorchSharp throughput\): \d+\.\d\d", result.StandardOutput);
        Assert.Matches(@"ratio at batch 256 \(ONNX Runtime/TorchSharp throughput\): \d+\.\d\d", result.StandardOutput);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [RealCifar10Fact]
    public void Bench_prints_each_rounds_ratio_their_median_and_where_the_time_goes()
    {
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, "bench", "--rounds", "3", "--batches", "2", "--threads", "1", "--data", RealCifar10.ArchivePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = result.StandardOutput;
        Assert.Equal(3, Regex.Matches(output, @"^round \d: generated +\d+\.\d images/s$", RegexOptions.Multiline).Count);
        Assert.Equal(3, Regex.Matches(output, @"^round \d: hand-written +\d+\.\d images/s$", RegexOptions.Multiline).Count);
        var ratios = Regex.Match(output, @"^rounds' ratios: (\d+\.\d\d) (\d+\.\d\d) (\d+\.\d\d)$", RegexOptions.Multiline);
        Assert.True(ratios.Success, output);
        var median = Regex.Match(output, @"^ratio \(generated/hand-written throughput\): (\d+\.\d\d) \(median of the rounds' ratios\)$", RegexOptions.Multiline);
        Assert.True(median.Success, output);
        var sorted = ratios.Groups.Values.Skip(1).Select(group => double.Parse(group.Value, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(sorted[1], double.Parse(median.Groups[1].Value, CultureInfo.InvariantCulture), 2);
        foreach (var phase in new[] { "data", "forward", "backward", "optimizer", "total" })
        {
            Assert.Matches($@"│ {phase} +│ +\d+\.\d │ +\d+\.\d │", output);
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    private static void SavePng(byte[] hwcPixels, string path)
    {
        using var bitmap = new SKBitmap(32, 32);
        for (var i = 0; i < 32 * 32; i++)
        {
            bitmap.SetPixel(i % 32, i / 32, new SKColor(hwcPixels[3 * i], hwcPixels[(3 * i) + 1], hwcPixels[(3 * i) + 2]));
        }

        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }

    [GeneratedRegex(@"^test image \d+: .*$", RegexOptions.Multiline)]
    private static partial Regex PredictionLine();

    [GeneratedRegex(@"^Test accuracy: .*$", RegexOptions.Multiline)]
    private static partial Regex AccuracyLine();
}
