using System.Globalization;
using System.Text;
using ModelGen.Rendering;

namespace ModelGen.Architecture;

/// <summary>
/// The network as a Mermaid <c>flowchart TD</c>: the input, one node per layer (name, type with its inline
/// activation, output shape, parameter count) in order, and the output. GitHub renders it in a <c>```mermaid</c> block.
/// </summary>
/// <remarks>
/// Node IDs are positional (<c>input</c>, <c>layer1</c>, ..., <c>output</c>) rather than layer names: a layer may be
/// called <c>end</c> (a Mermaid keyword) or start with <c>o</c> or <c>x</c> (edge markers), and positional IDs cannot
/// collide with the input and output nodes. Label text is escaped with Mermaid's entity codes, so quotes, brackets and
/// HTML in names cannot end a label or inject markup. The text depends only on the model (no culture, no clock).
/// </remarks>
public static class MermaidDiagram
{
    /// <summary>The diagram of <paramref name="architecture"/>, lines separated by '\n'.</summary>
    public static string Render(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layers = architecture.Layers;
        var lines = new List<string>
        {
            "flowchart TD",
            $"    input([\"input<br/>{SummaryTable.BatchShape(architecture.InputShape)}\"])",
        };

        for (var i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            lines.Add($"    {NodeId(i)}[\"{Escape(layer.Name)}: {Escape(layer.Description)}<br/>"
                + $"{SummaryTable.BatchShape(layer.OutputShape)} · {Parameters(layer.ParameterCount)}\"]");
        }

        lines.Add($"    output([\"output<br/>{SummaryTable.BatchShape(architecture.OutputShape)}\"])");

        var previous = "input";
        for (var i = 0; i < layers.Length; i++)
        {
            lines.Add($"    {previous} --> {NodeId(i)}");
            previous = NodeId(i);
        }

        lines.Add($"    {previous} --> output");
        return string.Join("\n", lines);
    }

    private static string NodeId(int index) => "layer" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string Parameters(long count) => SummaryTable.Thousands(count) + (count == 1 ? " param" : " params");

    /// <summary>
    /// Text for inside a quoted Mermaid label. Mermaid reads <c>#name;</c> and <c>#123;</c> as entity codes, so '#' is
    /// escaped first; quotes would end the label, brackets and braces confuse older renderers, and '&lt;', '&gt;', '&amp;'
    /// would be HTML. Line breaks become spaces (a label is one line of the diagram).
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '#': escaped.Append("#35;"); break;
                case '"': escaped.Append("#quot;"); break;
                case '&': escaped.Append("#amp;"); break;
                case '<': escaped.Append("#lt;"); break;
                case '>': escaped.Append("#gt;"); break;
                case '[': escaped.Append("#91;"); break;
                case ']': escaped.Append("#93;"); break;
                case '{': escaped.Append("#123;"); break;
                case '}': escaped.Append("#125;"); break;
                case '(': escaped.Append("#40;"); break;
                case ')': escaped.Append("#41;"); break;
                case '|': escaped.Append("#124;"); break;
                case '`': escaped.Append("#96;"); break;
                default: escaped.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c); break;
            }
        }

        return escaped.ToString();
    }
}
