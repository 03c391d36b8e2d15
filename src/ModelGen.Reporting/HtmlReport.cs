using System.Globalization;
using System.Net;
using System.Text;
using ModelGen.Evaluation;
using ModelGen.Training;

namespace ModelGen.Reporting;

/// <summary>A picture for the HTML report: its PNG bytes, alternative text and caption.</summary>
internal sealed record ReportPicture(string Id, byte[] Png, string AltText, string Caption);

/// <summary>
/// Builds <c>report.html</c>: one self-contained page (inline CSS, pictures as base64 data URIs, no scripts, no
/// external resources). Every piece of text from the content is HTML-escaped.
/// </summary>
internal static class HtmlReport
{
    public static string Render(RunReportContent content, IReadOnlyDictionary<string, ReportPicture> pictures)
    {
        var html = new StringBuilder(64 * 1024);
        var test = content.Test;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(content.ModelName)).Append(" — ModelGen run report</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(E(content.ModelName)).Append("</h1>\n<p class=\"subtitle\">ModelGen ")
            .Append(content.Epochs.Count > 0 ? "training run" : "evaluation");
        if (content.CreatedAt is { } created)
        {
            html.Append(" · ").Append(E(created.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)));
        }

        html.Append("</p>\n</header>\n");

        // Headline figures.
        html.Append("<section class=\"cards\">\n");
        if (test.Confusion is { } classes)
        {
            Card(html, "Test accuracy", ConsoleReport.Fixed(classes.Accuracy), Percent(classes.Accuracy), "headline");
            Card(html, "Test loss", ConsoleReport.Fixed(test.Loss), null, "loss");
            Card(html, "Test samples", Count(test.SampleCount), $"{classes.ClassCount.ToString(CultureInfo.InvariantCulture)} classes", null);
        }
        else
        {
            Card(html, "Test MAE", ConsoleReport.Fixed(test.MeanAbsoluteError ?? double.NaN), "mean absolute error", "headline");
            Card(html, "Test MSE", ConsoleReport.Fixed(test.MeanSquaredError ?? double.NaN), "mean squared error", null);
            Card(html, "Test loss", ConsoleReport.Fixed(test.Loss), null, "loss");
            Card(html, "Test samples", Count(test.SampleCount), null, null);
        }

        if (content.Epochs.Count > 0)
        {
            var seconds = content.Epochs.Sum(e => e.Duration.TotalSeconds);
            Card(html, "Epochs", content.Epochs.Count.ToString(CultureInfo.InvariantCulture), $"{Seconds(seconds)} of training", null);
            var throughput = content.Epochs.Select(e => e.ImagesPerSecond).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            if (double.IsFinite(throughput))
            {
                Card(html, "Throughput", throughput.ToString("N0", CultureInfo.InvariantCulture), "images/second (mean)", null);
            }
        }

        html.Append("</section>\n");

        if (content.Details.Count > 0)
        {
            html.Append("<section>\n<h2>Run</h2>\n<table class=\"details\">\n<tbody>\n");
            foreach (var (key, value) in content.Details)
            {
                html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        if (content.Epochs.Count > 0)
        {
            html.Append("<section>\n<h2>Training</h2>\n");
            Figure(html, pictures, RunReport.LearningCurvesFileName);
            EpochTable(html, content.Epochs);
            html.Append("</section>\n");
        }

        if (test.Confusion is { } matrix)
        {
            ClassEvaluation(html, matrix, pictures);
        }

        if (pictures.ContainsKey(RunReport.TrainingImagesFileName))
        {
            html.Append("<section>\n<h2>Data</h2>\n");
            Figure(html, pictures, RunReport.TrainingImagesFileName);
            html.Append("</section>\n");
        }

        if (!string.IsNullOrWhiteSpace(content.ModelSummary))
        {
            html.Append("<section>\n<h2>Model</h2>\n<pre>").Append(E(content.ModelSummary.TrimEnd())).Append("</pre>\n</section>\n");
        }

        if (!string.IsNullOrWhiteSpace(content.TrainingSettings))
        {
            html.Append("<section>\n<h2>Training settings</h2>\n<pre>").Append(E(content.TrainingSettings.TrimEnd())).Append("</pre>\n</section>\n");
        }

        html.Append("<footer>Written by ModelGen.Reporting. Numbers: metrics.json beside this file.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>HTML-escapes text for element content and attribute values.</summary>
    internal static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static void ClassEvaluation(StringBuilder html, ConfusionMatrix matrix, IReadOnlyDictionary<string, ReportPicture> pictures)
    {
        html.Append("<section>\n<h2>Evaluation on the test set</h2>\n<div class=\"split\">\n<div>\n");
        html.Append("<table class=\"numbers\">\n<thead><tr><th>Class</th><th>Precision</th><th>Recall</th>")
            .Append("<th title=\"(true positives + true negatives) / all samples\">Accuracy<br><small>one-vs-rest</small></th><th>Support</th></tr></thead>\n<tbody>\n");
        for (var c = 0; c < matrix.ClassCount; c++)
        {
            html.Append("<tr><th>").Append(E(matrix.ClassNames[c])).Append("</th>")
                .Append(Td(ConsoleReport.Fixed(matrix.Precision(c))))
                .Append(Td(ConsoleReport.Fixed(matrix.Recall(c))))
                .Append(Td(ConsoleReport.Fixed(matrix.ClassAccuracy(c))))
                .Append(Td(Count(matrix.Support(c))))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n<tfoot><tr><th>all</th><td></td><td></td>")
            .Append(Td(ConsoleReport.Fixed(matrix.Accuracy))).Append(Td(Count(matrix.Total)))
            .Append("</tr></tfoot>\n</table>\n");
        html.Append("<p class=\"note\">Recall is the share of a class's images recognised (the tutorial's \"accuracy for class\"); ")
            .Append("precision the share of a class's predictions that are right.</p>\n</div>\n<div>\n");
        Figure(html, pictures, RunReport.ConfusionMatrixFileName);
        html.Append("</div>\n</div>\n");
        Figure(html, pictures, RunReport.TestPredictionsFileName);
        html.Append("</section>\n");
    }

    private static void EpochTable(StringBuilder html, IReadOnlyList<EpochMetrics> epochs)
    {
        var figure = EpochFigure.For(epochs);
        var validated = epochs.Any(e => e.ValidationLoss is not null);
        html.Append("<table class=\"numbers\">\n<thead><tr><th>Epoch</th><th>Learning rate</th><th>Train loss</th><th>Train ").Append(figure.Name).Append("</th>")
            .Append(validated ? "<th>Validation loss</th><th>Validation " + figure.Name + "</th>" : string.Empty)
            .Append("<th>Test loss</th><th>Test ").Append(figure.Name).Append("</th><th>Images/s</th><th>Seconds</th></tr></thead>\n<tbody>\n");
        var tested = epochs.Select(figure.Test).Where(double.IsFinite).DefaultIfEmpty(double.NaN);
        var best = figure.HigherIsBetter ? tested.Max() : tested.Min();
        foreach (var e in epochs)
        {
            html.Append(figure.Test(e) == best ? "<tr class=\"best\">" : "<tr>")
                .Append(Td(e.Epoch.ToString(CultureInfo.InvariantCulture)))
                .Append(Td(e.LearningRate.ToString("0.000000", CultureInfo.InvariantCulture)))
                .Append(Td(ConsoleReport.Fixed(e.TrainLoss)))
                .Append(Td(ConsoleReport.Fixed(figure.Train(e))))
                .Append(validated ? Td(ConsoleReport.Fixed(e.ValidationLoss ?? double.NaN)) + Td(ConsoleReport.Fixed(figure.Validation(e))) : string.Empty)
                .Append(Td(ConsoleReport.Fixed(e.TestLoss)))
                .Append(Td(ConsoleReport.Fixed(figure.Test(e))))
                .Append(Td(double.IsFinite(e.ImagesPerSecond) ? e.ImagesPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "n/a"))
                .Append(Td(e.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Figure(StringBuilder html, IReadOnlyDictionary<string, ReportPicture> pictures, string key)
    {
        if (!pictures.TryGetValue(key, out var picture))
        {
            return;
        }

        html.Append("<figure id=\"").Append(E(picture.Id)).Append("\">\n<img src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(picture.Png)).Append("\" alt=\"").Append(E(picture.AltText)).Append("\">\n")
            .Append("<figcaption>").Append(E(picture.Caption)).Append("</figcaption>\n</figure>\n");
    }

    private static void Card(StringBuilder html, string label, string value, string? detail, string? cssClass)
    {
        html.Append("<div class=\"card").Append(cssClass is null ? string.Empty : " " + cssClass).Append("\"><div class=\"label\">")
            .Append(E(label)).Append("</div><div class=\"value\">").Append(E(value)).Append("</div>");
        if (detail is not null)
        {
            html.Append("<div class=\"detail\">").Append(E(detail)).Append("</div>");
        }

        html.Append("</div>\n");
    }

    private static string Td(string text) => "<td>" + E(text) + "</td>";

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double value) =>
        double.IsFinite(value) ? value.ToString("0.00%", CultureInfo.InvariantCulture) : "n/a";

    private static string Seconds(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "n/a";
        }

        var time = TimeSpan.FromSeconds(seconds);
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours} h {time.Minutes} min")
            : time.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{time.Minutes} min {time.Seconds} s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
    }

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink);
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
        header h1 { margin: 0; font-size: 28px; }
        .subtitle { margin: 2px 0 0; color: var(--muted); }
        h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
        .card { flex: 1 1 160px; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; background: var(--soft); }
        .card .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
        .card .value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card.headline .value { color: #1a7f37; }
        .card .detail { color: var(--muted); font-size: 13px; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: left; }
        thead th { background: var(--soft); font-weight: 600; vertical-align: bottom; }
        table.numbers td { text-align: right; }
        table.numbers tbody tr:nth-child(even) { background: #fafbfc; }
        tr.best td { font-weight: 600; }
        tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
        table.details th { color: var(--muted); font-weight: 500; }
        small { font-weight: 400; color: var(--muted); }
        .split { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        .split > div:first-child { flex: 0 1 auto; }
        .split > div:last-child { flex: 1 1 520px; }
        figure { margin: 12px 0 24px; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
        .note { color: var(--muted); font-size: 13px; max-width: 460px; }
        pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; overflow-x: auto;
              font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; }

        """;
}
