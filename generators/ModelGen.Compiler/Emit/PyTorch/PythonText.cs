using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>Python literals and names, culture-invariant.</summary>
internal static class PythonText
{
    /// <summary>A float literal as Python's repr writes it: 0.005, 1e-08, 1.0.</summary>
    public static string Float(double value) => Invariant.Double(value).Replace("E", "e");

    public static string Int(long value) => Invariant.Long(value);

    /// <summary>An int with digit separators: 1_084_234.</summary>
    public static string IntLiteral(long value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", "_");

    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary>A double-quoted string literal.</summary>
    public static string Str(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A tuple of ints: (3, 32, 32), or (10,) for one.</summary>
    public static string IntTuple(IEnumerable<long> values) => Tuple(values.Select(Int).ToList());

    /// <summary>A tuple of floats: (0.5,), (0.485, 0.456, 0.406).</summary>
    public static string FloatTuple(IEnumerable<double> values) => Tuple(values.Select(Float).ToList());

    /// <summary>A PyTorch size argument: one number for a square, else an (height, width) tuple.</summary>
    public static string Size(Size2 size, bool asTuple) =>
        asTuple ? $"({Int(size.Height)}, {Int(size.Width)})" : Int(size.Height);

    /// <summary>Text for a comment line: line breaks (which would end the comment) become spaces.</summary>
    public static string Comment(string text) => string.Join(" ", text.Split(LineBreaks, StringSplitOptions.None));

    /// <summary>
    /// Text for a line of a multi-line docstring: one line, with backslashes and three quotes in a row (which would end
    /// the docstring) escaped.
    /// </summary>
    public static string Docstring(string text) => Comment(text).Replace("\\", "\\\\").Replace("\"\"\"", "\\\"\"\"");

    public static string Tuple(IReadOnlyList<string> items) =>
        items.Count == 1 ? $"({items[0]},)" : "(" + string.Join(", ", items) + ")";

    private static readonly string[] LineBreaks = { "\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029" };
}
