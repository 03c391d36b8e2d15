using System.Globalization;

namespace ModelGen.Reporting;

/// <summary>The files a run report wrote (full paths).</summary>
/// <param name="Folder">The output folder.</param>
/// <param name="ReportHtml">The self-contained <c>report.html</c>.</param>
/// <param name="MetricsJson"><c>metrics.json</c> (see <see cref="RunMetrics"/>).</param>
/// <param name="ConfusionMatrixPng">A classifier's confusion matrix heat map; <see langword="null"/> for regression.</param>
/// <param name="LearningCurvesPng">Loss and accuracy per epoch; <see langword="null"/> without epochs.</param>
/// <param name="TrainingImagesPng">The grid of training images; <see langword="null"/> without images.</param>
/// <param name="TestPredictionsPng">The grid of test predictions; <see langword="null"/> without images.</param>
public sealed record RunReportFiles(
    string Folder,
    string ReportHtml,
    string MetricsJson,
    string? ConfusionMatrixPng,
    string? LearningCurvesPng,
    string? TrainingImagesPng,
    string? TestPredictionsPng)
{
    /// <summary>Every file written, pictures first, <c>report.html</c> last.</summary>
    public IReadOnlyList<string> All =>
        new[] { TrainingImagesPng, LearningCurvesPng, ConfusionMatrixPng, TestPredictionsPng, MetricsJson, ReportHtml }
            .OfType<string>()
            .ToArray();
}

/// <summary>
/// Writes a run's report into a folder: the PNG pictures, <c>metrics.json</c> and a self-contained
/// <c>report.html</c> that shows them all. Every file is written atomically (a temporary file in the same folder,
/// then renamed over the target), <c>report.html</c> last, so a complete <c>report.html</c> means a complete report.
/// </summary>
public static class RunReport
{
    /// <summary>File name of the HTML report.</summary>
    public const string ReportHtmlFileName = "report.html";

    /// <summary>File name of the machine-readable metrics.</summary>
    public const string MetricsJsonFileName = "metrics.json";

    /// <summary>File name of the learning curves picture.</summary>
    public const string LearningCurvesFileName = "learning-curves.png";

    /// <summary>File name of the confusion matrix heat map.</summary>
    public const string ConfusionMatrixFileName = "confusion-matrix.png";

    /// <summary>File name of the grid of random training images.</summary>
    public const string TrainingImagesFileName = "training-images.png";

    /// <summary>File name of the grid of random test predictions.</summary>
    public const string TestPredictionsFileName = "test-predictions.png";

    /// <summary>
    /// Renders and writes the report into <paramref name="outputFolder"/>, creating it if needed; existing files of
    /// the same names are replaced.
    /// </summary>
    /// <param name="outputFolder">The folder to write into.</param>
    /// <param name="content">What the report shows.</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="ReportException">
    /// A folder or file could not be created or written, or the graphics library could not be loaded; the message
    /// names the file and the cause and is meant for the user as it is.
    /// </exception>
    public static RunReportFiles Write(string outputFolder, RunReportContent content)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        ArgumentNullException.ThrowIfNull(content);
        content.Validate();

        var pictures = RenderPictures(content);
        var folder = OutputFile.EnsureFolder(outputFolder);
        string? PathOf(string name) => pictures.ContainsKey(name) ? Path.Combine(folder, name) : null;

        foreach (var picture in pictures)
        {
            OutputFile.WriteAllBytes(Path.Combine(folder, picture.Key), picture.Value.Png);
        }

        var metricsPath = Path.Combine(folder, MetricsJsonFileName);
        OutputFile.WriteAllText(metricsPath, RunMetrics.From(content).ToJson());
        var htmlPath = Path.Combine(folder, ReportHtmlFileName);
        OutputFile.WriteAllText(htmlPath, HtmlReport.Render(content, pictures));

        return new RunReportFiles(
            folder,
            htmlPath,
            metricsPath,
            PathOf(ConfusionMatrixFileName),
            PathOf(LearningCurvesFileName),
            PathOf(TrainingImagesFileName),
            PathOf(TestPredictionsFileName));
    }

    /// <summary>The report's pictures by file name, in display order.</summary>
    internal static IReadOnlyDictionary<string, ReportPicture> RenderPictures(RunReportContent content)
    {
        var pictures = new Dictionary<string, ReportPicture>(StringComparer.Ordinal);

        if (content.TrainingImages.Count > 0)
        {
            pictures[TrainingImagesFileName] = new ReportPicture(
                "training-images",
                ReportCharts.ImageGrid(content.TrainingImages, content.ImageGridColumns, "Random training images"),
                "Random training images: " + string.Join(", ", content.TrainingImages.Select(i => OneLine(i.Caption))),
                "Random training images with their classes.");
        }

        if (content.Epochs.Count > 0)
        {
            var figure = EpochFigure.For(content.Epochs);
            pictures[LearningCurvesFileName] = new ReportPicture(
                "learning-curves",
                ReportCharts.LearningCurves(content.Epochs),
                $"Learning curves: train and test loss (left) and {figure.Name} (right) per epoch",
                $"Loss and {figure.Name} per epoch, on the training data (during the epoch, dropout active) and on the test set (after it).");
        }

        if (content.Test.Confusion is { } matrix)
        {
            // A multi-output sigmoid model counts each output's yes/no decision, so there can be more than samples.
            var total = matrix.Total.ToString("N0", CultureInfo.InvariantCulture) + (matrix.Total == content.Test.SampleCount ? " test samples" : " test decisions");
            pictures[ConfusionMatrixFileName] = new ReportPicture(
                "confusion-matrix",
                ReportCharts.ConfusionMatrixHeatmap(matrix, $"Confusion matrix ({total})"),
                "Confusion matrix heat map: rows are true classes, columns predicted classes: " + string.Join(", ", matrix.ClassNames),
                "Rows: true class; columns: predicted class; cells: counts, coloured by their share of the true class.");
        }

        if (content.TestPredictions.Count > 0)
        {
            var wrong = content.TestPredictions.Count(p => p.IsMistake);
            pictures[TestPredictionsFileName] = new ReportPicture(
                "test-predictions",
                ReportCharts.ImageGrid(content.TestPredictions, content.ImageGridColumns, "Random test predictions"),
                "Random test predictions: " + string.Join("; ", content.TestPredictions.Select(i => OneLine(i.Caption))),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Random test images: predicted class and its probability, true class below; {wrong} of {content.TestPredictions.Count} wrong (in red)."));
        }

        return pictures;
    }

    private static string OneLine(string caption) => caption.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
}
