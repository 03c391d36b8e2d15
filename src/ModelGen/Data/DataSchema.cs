using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ModelGen.Data;

/// <summary>
/// What predicting with a trained model needs besides its weights: the class names its outputs stand for and, for a
/// model trained on a table, the feature columns it reads and the standardisation fitted on the training rows. A run
/// saves it inside the model file (<c>model.mgm</c>, <c>best.mgm</c>; not yet in <c>model.onnx</c>), so a
/// prediction names classes and scales new rows exactly as training did.
/// </summary>
public sealed record DataSchema
{
    /// <summary>The JSON property of a model file's extra data that holds the schema.</summary>
    public const string ModelFileProperty = "data";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A classifier's class names in label order; <see langword="null"/> when unknown or for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>A table's feature columns, in the model's input order; <see langword="null"/> for pictures.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>A table's target column (ignored when a table to predict has it).</summary>
    public string? TargetName { get; init; }

    /// <summary>The standardisation of a table's features, fitted on the training rows; <see langword="null"/>: none.</summary>
    public FeatureScaling? Scaling { get; init; }

    /// <summary>The schema as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A schema from <see cref="ToJson"/>'s text.</summary>
    /// <exception cref="JsonException">The text is not a schema.</exception>
    public static DataSchema FromJson(string json) => JsonSerializer.Deserialize<DataSchema>(json, Json) ?? new DataSchema();

    /// <summary>The extra data of a model file that carries this schema: <c>{"data": {...}}</c>.</summary>
    public string ToModelFileExtra() => new JsonObject { [ModelFileProperty] = JsonNode.Parse(ToJson()) }.ToJsonString();

    /// <summary>
    /// The schema a model file's extra data carries (<see cref="Persistence.ModelFileHeader.Extra"/>), or
    /// <see langword="null"/> when it has none (a file written without one, or a checkpoint's history).
    /// </summary>
    public static DataSchema? FromModelFileExtra(string? extra)
    {
        if (string.IsNullOrWhiteSpace(extra))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(extra) is JsonObject root && root[ModelFileProperty] is JsonObject data ? FromJson(data.ToJsonString()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Compares the values, not the list instances.</summary>
    public bool Equals(DataSchema? other) => other is not null && ToJson() == other.ToJson();

    /// <inheritdoc />
    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);
}
