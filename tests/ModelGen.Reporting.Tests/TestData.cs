using ModelGen.Evaluation;
using ModelGen.Training;
using SkiaSharp;

namespace ModelGen.Reporting.Tests;

/// <summary>Small, deterministic inputs for the reporting tests, and helpers to look at PNGs.</summary>
internal static class TestData
{
    public static readonly string[] Cifar10Classes =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>A 32x32 RGB image of one colour, channel-major.</summary>
    public static byte[] Solid(byte r, byte g, byte b, int size = 32)
    {
        var plane = size * size;
        var pixels = new byte[3 * plane];
        Array.Fill(pixels, r, 0, plane);
        Array.Fill(pixels, g, plane, plane);
        Array.Fill(pixels, b, 2 * plane, plane);
        return pixels;
    }

    /// <summary>A 32x32 image, red in its left half and blue in its right half, channel-major.</summary>
    public static byte[] RedLeftBlueRight()
    {
        var pixels = new byte[3 * 32 * 32];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var i = y * 32 + x;
                pixels[i] = x < 16 ? (byte)255 : (byte)0;           // red plane
                pixels[2 * 1024 + i] = x < 16 ? (byte)0 : (byte)255; // blue plane
            }
        }

        return pixels;
    }

    /// <summary>A confusion matrix with a strong diagonal and a few mistakes; 1,000 samples per class.</summary>
    public static ConfusionMatrix Matrix(IReadOnlyList<string>? names = null)
    {
        names ??= Cifar10Classes;
        var matrix = new ConfusionMatrix(names);
        for (var a = 0; a < names.Count; a++)
        {
            var mistakes = 0;
            for (var p = 0; p < names.Count; p++)
            {
                if (p != a)
                {
                    var count = (a * 7 + p * 3) % 23;
                    matrix.Add(a, p, count);
                    mistakes += count;
                }
            }

            matrix.Add(a, a, 1000 - mistakes);
        }

        return matrix;
    }

    /// <summary>A classifier's evaluation result: one sample per confusion matrix count.</summary>
    public static EvaluationResult Classified(double loss, ConfusionMatrix matrix, IReadOnlyList<Prediction> predictions) =>
        EvaluationResult.ForClassifier(loss, matrix.Total, matrix, predictions);

    public static List<EpochMetrics> Epochs(int count = 10) =>
        Enumerable.Range(1, count)
            .Select(e => new EpochMetrics(
                e, 0.005 * Math.Pow(0.9, e - 1), 1.6 / Math.Sqrt(e), 0.40 + 0.04 * e, 1.3 / Math.Sqrt(e) + 0.1, 0.45 + 0.034 * e,
                2345.6, TimeSpan.FromSeconds(21.25)))
            .ToList();

    /// <summary>A regression model's epochs: no accuracies, falling mean absolute errors.</summary>
    public static List<EpochMetrics> RegressionEpochs(int count = 6) =>
        Enumerable.Range(1, count)
            .Select(e => new EpochMetrics(
                e, 0.001, 4.0 / e, null, 5.0 / e, null, 812.5, TimeSpan.FromSeconds(2.5),
                TrainMeanAbsoluteError: 1.6 / Math.Sqrt(e), TestMeanAbsoluteError: 1.8 / Math.Sqrt(e)))
            .ToList();

    /// <summary>A regression model's report content: no classes, no pictures.</summary>
    public static RunReportContent RegressionContent() => new()
    {
        ModelName = "HousePrices",
        Test = EvaluationResult.ForRegression(0.8321, 102, meanSquaredError: 0.8321, meanAbsoluteError: 0.7125),
        Epochs = RegressionEpochs(),
        ModelSummary = "Model: \"HousePrices\"",
        TrainingSettings = "optimizer: rmsprop (lr 0.001)",
        Details = [new("seed", "1")],
    };

    public static RunReportContent Content(
        ConfusionMatrix? matrix = null,
        IReadOnlyList<EpochMetrics>? epochs = null,
        string caption = "cat",
        string summary = "Model: \"Cifar10Cnn\"\nTotal params: 1,084,234")
    {
        matrix ??= Matrix();
        var names = matrix.ClassNames;
        var predictions = Enumerable.Range(0, 10)
            .Select(i => new Prediction(i, i % names.Count, i % 3 == 0 ? (i + 1) % names.Count : i % names.Count, 0.5f + i * 0.04f))
            .ToList();
        return new RunReportContent
        {
            ModelName = "Cifar10Cnn",
            Test = Classified(0.6123, matrix, predictions),
            Epochs = epochs ?? Epochs(),
            ModelSummary = summary,
            TrainingSettings = "optimizer: adamax (lr 0.005)\nbatch size: 64",
            TrainingImages = Enumerable.Range(0, 25)
                .Select(i => new ImageSample(Solid((byte)(i * 10), 100, 200), 32, 32, i == 0 ? caption : names[i % names.Count]))
                .ToList(),
            TestPredictions = predictions
                .Select(p => ImageSample.ForPrediction(Solid(0, 128, 0), 32, 32, p, names))
                .ToList(),
            Details = [new("seed", "1"), new("device", "cpu")],
            CreatedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        };
    }

    public static SKBitmap DecodePng(byte[] png)
    {
        Assert.True(png.Length > 8, "PNG is empty");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    /// <summary>Perceived brightness 0-255.</summary>
    public static double Brightness(SKColor c) => 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;

    public static void AssertColor(SKColor expected, SKColor actual, int tolerance = 0)
    {
        Assert.True(
            Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance,
            $"expected {expected} but the pixel is {actual}");
    }

}

/// <summary>A fresh folder under the temp directory, deleted with its content on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelgen-reporting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
