using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>C# literals and documentation text, culture-invariant.</summary>
internal static class CSharpText
{
    public static string Double(double value) => Invariant.Double(value);

    public static string Long(long value) => Invariant.Long(value);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A C# long literal with digit separators: 1_084_234.</summary>
    public static string LongLiteral(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", "_");

    public static string Literal(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

    /// <summary>
    /// Text for a one-line XML doc comment: escaped, line breaks of every kind (which would end the comment) made
    /// spaces, and formatting characters (bidirectional controls, zero-width characters) written as [U+XXXX] so that
    /// no invisible or reordering character reaches the generated file.
    /// </summary>
    public static string Xml(string text) =>
        Visible(string.Join(" ", text.Split(LineBreaks, StringSplitOptions.None)))
            .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Formatting characters as [U+XXXX]; everything else as it is.</summary>
    public static string Visible(string text) =>
        Identifiers.FindHidden(text) is null
            ? text
            : string.Concat(text.Select(c => Identifiers.IsHidden(c) ? $"[U+{(int)c:X4}]" : c.ToString()));

    /// <summary>A TorchSharp size argument: one number for a square, else a (height, width) tuple.</summary>
    public static string Size(Size2 size, bool asTuple) =>
        asTuple ? $"({Long(size.Height)}, {Long(size.Width)})" : Long(size.Height);

    /// <summary><c>ImmutableArray.Create(3L, 32L, 32L)</c>.</summary>
    public static string ShapeArray(IEnumerable<long> shape) =>
        "ImmutableArray.Create(" + string.Join(", ", shape.Select(s => Long(s) + "L")) + ")";

    /// <summary><c>ImmutableArray.Create(0.5, 1.0)</c>.</summary>
    public static string DoubleArray(IEnumerable<double> values) =>
        "ImmutableArray.Create(" + string.Join(", ", values.Select(Double)) + ")";

    private static readonly string[] LineBreaks = { "\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029" };
}
