using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ModelGen.Formats;
using ModelGen.Onnx.Protobuf;

namespace ModelGen.Onnx;

/// <summary>
/// The keys of the <c>metadata_props</c> ModelGen writes into an ONNX model (ONNX Runtime:
/// <c>session.ModelMetadata.CustomMetadataMap</c>; Python: <c>session.get_modelmeta().custom_metadata_map</c>).
/// Lists (class names, normalisation) are JSON arrays.
/// </summary>
public static class OnnxMetadata
{
    /// <summary>The spec's model name.</summary>
    public const string ModelName = "model_name";

    /// <summary>The generated class's <c>ArchitectureHash</c>: an exported file opens only as a model with the same.</summary>
    public const string ArchitectureHash = "architecture_hash";

    /// <summary>The ModelGen version that exported the model.</summary>
    public const string ModelGenVersion = "modelgen_version";

    /// <summary>Parameters, trained or frozen (<c>TModel.ParameterCount</c>).</summary>
    public const string ParameterCount = "parameter_count";

    /// <summary>Epochs the model was trained, when known.</summary>
    public const string Epochs = "epochs_trained";

    /// <summary>What the output holds: the generated class's <c>OutputKind</c> (<c>Probabilities</c>, <c>Logits</c>, ...).</summary>
    public const string OutputKind = "output_kind";

    /// <summary>What the input is, in words (raw uint8 pixels scaled in the graph, or float features).</summary>
    public const string Input = "input";

    /// <summary>The spec's <c>normalize: mean</c>, which the graph applies to pixels (JSON array).</summary>
    public const string NormalizeMean = "normalize_mean";

    /// <summary>The spec's <c>normalize: std</c>, which the graph applies to pixels (JSON array).</summary>
    public const string NormalizeStd = "normalize_std";

    /// <summary>A classifier's class names in label order (JSON array), when they were known at export.</summary>
    public const string ClassNames = "class_names";

    /// <summary>The version of the ModelGen runtime: its informational version without the source revision.</summary>
    public static string Version { get; } =
        (typeof(IGeneratedModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The entries for <typeparamref name="TModel"/>, in the order written.</summary>
    internal static IEnumerable<StringStringEntryProto> For<TModel>(ModelExportInfo info, bool pixelInput)
        where TModel : IGeneratedModel
    {
        var normalization = TModel.Training.Normalization;
        var entries = new List<(string, string)>
        {
            (ModelName, TModel.ModelName),
            (ArchitectureHash, TModel.ArchitectureHash),
            (ModelGenVersion, Version),
            (ParameterCount, TModel.ParameterCount.ToString(CultureInfo.InvariantCulture)),
            (Epochs, info.Epoch.ToString(CultureInfo.InvariantCulture)),
            (OutputKind, TModel.OutputKind.ToString()),
            (Input, pixelInput
                ? $"uint8 pixels [N, {string.Join(", ", TModel.InputShape)}] (channels first, 0-255), scaled in the graph as (x / 255 - mean) / std"
                : $"float32 features [N, {string.Join(", ", TModel.InputShape)}], used as they are"),
            (NormalizeMean, JsonSerializer.Serialize(normalization.Mean)),
            (NormalizeStd, JsonSerializer.Serialize(normalization.Std)),
        };
        if (info.ClassNames is { } names)
        {
            entries.Add((ClassNames, JsonSerializer.Serialize(names)));
        }

        return entries.Select(entry => new StringStringEntryProto { Key = entry.Item1, Value = entry.Item2 });
    }
}
