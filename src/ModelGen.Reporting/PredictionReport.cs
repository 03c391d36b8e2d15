using System.Globalization;
using System.Text.Json;
using ModelGen.Evaluation;
using Spectre.Console;

namespace ModelGen.Reporting;

/// <summary>Predictions shown to people (a table) and to programs (JSON).</summary>
public static class PredictionReport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>
    /// A table with a row per sample: its source, then a classifier's classes with their probabilities, most probable
    /// first (<c>cat 0.8123</c>), or a regression model's values.
    /// </summary>
    public static Table Table(IReadOnlyList<ModelPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Input");
        var regression = predictions.Count > 0 && predictions.All(p => p.Values is not null);
        var columns = regression ? predictions.Max(p => p.Values!.Count) : predictions.Select(p => p.Classes.Count).DefaultIfEmpty(0).Max();
        for (var i = 0; i < columns; i++)
        {
            table.AddColumn(regression ? (columns == 1 ? "Predicted value" : $"Value {i + 1}") : Ordinal(i + 1));
        }

        foreach (var prediction in predictions)
        {
            var cells = regression
                ? prediction.Values!.Select(value => value.ToString("0.####", CultureInfo.InvariantCulture))
                : prediction.Classes.Select(score => string.Create(CultureInfo.InvariantCulture, $"{score.Name} {score.Probability:0.0000}"));
            table.AddRow([Markup.Escape(prediction.Source), .. cells.Select(Markup.Escape)]);
        }

        return table;
    }

    /// <summary>
    /// The predictions as JSON, an array with an object per sample: <c>{"input": "a.png", "classes": [{"label": 3,
    /// "name": "cat", "probability": 0.81}, ...]}</c>, or <c>{"input": "houses.csv:2", "values": [1.87]}</c>.
    /// </summary>
    public static string ToJson(IReadOnlyList<ModelPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var documents = predictions.Select(p => p.Values is { } values
            ? (object)new { input = p.Source, values }
            : new { input = p.Source, classes = p.Classes.Select(c => new { label = c.Label, name = c.Name, probability = Math.Round(c.Probability, 6) }) });
        return JsonSerializer.Serialize(documents, Json);
    }

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => n.ToString(CultureInfo.InvariantCulture) + "th",
    };
}
