using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGen.Evaluation;
using ModelGen.Training;

namespace ModelGen.Reporting;

/// <summary>
/// The content of <c>metrics.json</c>, the machine-readable results of a run. JSON with camelCase names, numbers
/// in invariant form, and <c>null</c> for a value that is not a finite number (a diverged loss). Schema (version 1):
/// <code>
/// {
///   "schemaVersion": 1,
///   "model": "Cifar10Cnn",
///   "createdAt": "2026-11-28T18:00:00+00:00",          // or null
///   "classNames": ["airplane", ...],                   // by label
///   "test": { "accuracy": 0.7913, "loss": 0.61, "samples": 10000 },
///   "epochs": [ { "epoch": 1, "learningRate": 0.005, "trainLoss": 1.5, "trainAccuracy": 0.45,
///                 "testLoss": 1.2, "testAccuracy": 0.57, "imagesPerSecond": 2345.6, "durationSeconds": 21.3,
///                 "validationLoss": 1.1, "validationAccuracy": 0.6 } ],   // validation*: only with validation data
///   "classes": [ { "label": 0, "name": "airplane", "precision": 0.8, "recall": 0.79,
///                  "accuracy": 0.96, "support": 1000 } ],      // accuracy: one-vs-rest
///   "confusionMatrix": [[790, 12, ...], ...],          // [true class][predicted class] counts, a row per line
///   "details": { "seed": "1", ... }                    // free-form facts, strings
/// }
/// </code>
/// A regression model's document has no accuracies: <c>test</c> holds <c>meanSquaredError</c> and
/// <c>meanAbsoluteError</c> instead of <c>accuracy</c>, each epoch <c>trainMeanAbsoluteError</c> and
/// <c>testMeanAbsoluteError</c> instead of <c>trainAccuracy</c> and <c>testAccuracy</c>, and <c>classNames</c>,
/// <c>classes</c> and <c>confusionMatrix</c> are empty.
/// </summary>
/// <param name="SchemaVersion">The schema version, <see cref="CurrentSchemaVersion"/>.</param>
/// <param name="Model">The model's name.</param>
/// <param name="CreatedAt">When the run finished, if known.</param>
/// <param name="ClassNames">Class names by label.</param>
/// <param name="Test">The final test result.</param>
/// <param name="Epochs">Per-epoch metrics; empty for an evaluation without training.</param>
/// <param name="Classes">Per-class metrics, by label.</param>
/// <param name="ConfusionMatrix">Counts, rows true classes and columns predicted classes.</param>
/// <param name="Details">Further facts about the run.</param>
public sealed record RunMetrics(
    int SchemaVersion,
    string Model,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<string> ClassNames,
    TestMetrics Test,
    IReadOnlyList<EpochRecord> Epochs,
    IReadOnlyList<ClassMetrics> Classes,
    [property: JsonConverter(typeof(RowPerLineConverter))] IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The schema version this library writes.</summary>
    public const int CurrentSchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new FiniteDoubleConverter() },
    };

    /// <summary>The metrics of a run report's content.</summary>
    public static RunMetrics From(RunReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Validate();
        var test = content.Test;
        var matrix = test.Confusion;
        var n = matrix?.ClassCount ?? 0;
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in content.Details)
        {
            details[key] = value;
        }

        return new RunMetrics(
            CurrentSchemaVersion,
            content.ModelName,
            content.CreatedAt,
            content.ClassNames,
            new TestMetrics(test.Accuracy, test.Loss, test.SampleCount, test.MeanSquaredError, test.MeanAbsoluteError, test.RSquared),
            [.. content.Epochs.Select(EpochRecord.From)],
            [.. Enumerable.Range(0, n).Select(c => ClassMetrics.From(matrix!, c))],
            [.. Enumerable.Range(0, n).Select(a => (IReadOnlyList<long>)[.. Enumerable.Range(0, n).Select(p => matrix![a, p])])],
            details);
    }

    /// <summary>This document as JSON text (indented, camelCase; each confusion matrix row on one line).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a document from JSON text.</summary>
    /// <exception cref="ReportException">The text is not a metrics document.</exception>
    public static RunMetrics Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<RunMetrics>(json, Options)
                ?? throw new ReportException("The metrics document is empty (null).");
        }
        catch (JsonException e)
        {
            throw new ReportException($"Not a valid metrics document: {e.Message}", innerException: e);
        }
    }

    /// <summary>Reads <c>metrics.json</c> from <paramref name="path"/>.</summary>
    /// <exception cref="ReportException">The file cannot be read or is not a metrics document.</exception>
    public static RunMetrics Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (OutputFile.IsIoProblem(e))
        {
            throw new ReportException($"Could not read '{path}': {OutputFile.Describe(e)}", path, e);
        }

        try
        {
            return Parse(json);
        }
        catch (ReportException e)
        {
            throw new ReportException($"'{path}': {e.Message}", path, e.InnerException);
        }
    }

    /// <summary>Writes non-finite numbers as <c>null</c> (JSON has no NaN) and reads <c>null</c> back as NaN.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}

/// <summary>The final result on the test set.</summary>
/// <param name="Accuracy">A classifier's fraction of right decisions; left out for regression.</param>
/// <param name="Loss">Mean test loss.</param>
/// <param name="Samples">Number of test samples.</param>
/// <param name="MeanSquaredError">A regression model's mean squared error; left out for classifiers.</param>
/// <param name="MeanAbsoluteError">A regression model's mean absolute error; left out for classifiers.</param>
/// <param name="RSquared">A regression model's coefficient of determination (R²); left out for classifiers.</param>
public sealed record TestMetrics(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Accuracy,
    double Loss,
    long Samples,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MeanSquaredError = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MeanAbsoluteError = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? RSquared = null);

/// <summary>One epoch in <c>metrics.json</c> (see <see cref="EpochMetrics"/>).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="LearningRate">Learning rate during the epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">A classifier's training accuracy; left out for regression.</param>
/// <param name="TestLoss">Test loss after the epoch.</param>
/// <param name="TestAccuracy">A classifier's test accuracy after the epoch; left out for regression.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
/// <param name="DurationSeconds">Wall-clock seconds of the training pass.</param>
/// <param name="TrainMeanAbsoluteError">A regression model's training mean absolute error; left out for classifiers.</param>
/// <param name="TestMeanAbsoluteError">A regression model's test mean absolute error; left out for classifiers.</param>
/// <param name="ValidationLoss">Validation loss after the epoch; left out when the run had no validation data.</param>
/// <param name="ValidationAccuracy">A classifier's validation accuracy after the epoch.</param>
/// <param name="ValidationMeanAbsoluteError">A regression model's validation mean absolute error after the epoch.</param>
/// <param name="TrainingPetaflop">The epoch's training compute in PFLOP (6 FLOP per multiply-add and example).</param>
public sealed record EpochRecord(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TrainAccuracy,
    double TestLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TestAccuracy,
    double ImagesPerSecond,
    double DurationSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TrainMeanAbsoluteError = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TestMeanAbsoluteError = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidationLoss = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidationAccuracy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidationMeanAbsoluteError = null,
    double TrainingPetaflop = 0)
{
    /// <summary>The record of an epoch's metrics.</summary>
    public static EpochRecord From(EpochMetrics e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EpochRecord(
            e.Epoch, e.LearningRate, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.ImagesPerSecond, e.Duration.TotalSeconds,
            e.TrainMeanAbsoluteError, e.TestMeanAbsoluteError, e.ValidationLoss, e.ValidationAccuracy, e.ValidationMeanAbsoluteError,
            e.TrainingFlop / TrainingCompute.Peta);
    }
}

/// <summary>One class's metrics on the test set.</summary>
/// <param name="Label">The class's label.</param>
/// <param name="Name">The class's name.</param>
/// <param name="Precision">Of the samples predicted as this class, the fraction that are.</param>
/// <param name="Recall">Of the samples of this class, the fraction predicted as it.</param>
/// <param name="Accuracy">One-vs-rest accuracy: (true positives + true negatives) / all samples.</param>
/// <param name="Support">Samples of this class.</param>
public sealed record ClassMetrics(int Label, string Name, double Precision, double Recall, double Accuracy, long Support)
{
    /// <summary>Class <paramref name="label"/>'s metrics from a confusion matrix.</summary>
    public static ClassMetrics From(ConfusionMatrix matrix, int label)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new ClassMetrics(
            label, matrix.ClassNames[label], matrix.Precision(label), matrix.Recall(label), matrix.ClassAccuracy(label), matrix.Support(label));
    }
}

/// <summary>
/// Writes a matrix's rows one per line (<c>[790, 12, ...]</c>), where indented JSON would put every count on a
/// line of its own; reads any layout.
/// </summary>
internal sealed class RowPerLineConverter : JsonConverter<IReadOnlyList<IReadOnlyList<long>>>
{
    public override IReadOnlyList<IReadOnlyList<long>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<long[][]>(ref reader, options) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<IReadOnlyList<long>> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();

        // A raw value is written as it is, so each row brings its own line break and indentation: one level deeper
        // than the array, which is the writer's depth once the array is open.
        var lineBreak = writer.Options.Indented
            ? writer.Options.NewLine + new string(writer.Options.IndentCharacter, writer.Options.IndentSize * writer.CurrentDepth)
            : string.Empty;
        foreach (var row in value)
        {
            writer.WriteRawValue(
                lineBreak + "[" + string.Join(", ", row.Select(count => count.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]",
                skipInputValidation: true);
        }

        writer.WriteEndArray();
    }
}
