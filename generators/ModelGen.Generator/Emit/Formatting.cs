using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Emit;

/// <summary>Culture-invariant rendering of numbers and shapes for generated code and summaries.</summary>
internal static class Formatting
{
    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A C# long literal with digit separators: 1_084_234.</summary>
    public static string LongLiteral(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", "_");

    public static string Thousands(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A shape with the batch dimension, as PyTorch users read it: (N, 16, 32, 32).</summary>
    public static string BatchShape(IEnumerable<long> shape) => "(N, " + string.Join(", ", shape.Select(Long)) + ")";

    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(Long)) + "]";

    public static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

    /// <summary>Text for a one-line XML doc comment: escaped, with line breaks (which would end the comment) made spaces.</summary>
    public static string Xml(string text) =>
        string.Join(" ", text.Split(LineBreaks, StringSplitOptions.None))
            .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static readonly string[] LineBreaks = { "\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029" };

    public static string Size(Size2 size, bool asTuple) =>
        asTuple ? $"({Long(size.Height)}, {Long(size.Width)})" : Long(size.Height);

    /// <summary>The type column of the summary: the spec's layer type and its inline activation.</summary>
    public static string LayerType(LayerDefinition layer) =>
        layer.Activation is { } activation ? $"{layer.SpecType} + {ActivationName(activation.Kind)}" : layer.SpecType;

    public static string ActivationName(LayerKind kind) => kind switch
    {
        LayerKind.ReLU => "relu",
        LayerKind.LeakyReLU => "leaky_relu",
        LayerKind.ELU => "elu",
        LayerKind.GELU => "gelu",
        LayerKind.Tanh => "tanh",
        LayerKind.Sigmoid => "sigmoid",
        LayerKind.Softmax => "softmax",
        _ => "log_softmax",
    };
}
