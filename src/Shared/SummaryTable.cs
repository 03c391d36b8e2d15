// The Keras-style summary table of a network. This source file is compiled into two assemblies: the ModelGen
// compiler (netstandard2.0), which puts the table into the generated class's XML documentation and the tool's output,
// and the ModelGen runtime, which renders the generated Summary from the architecture description. One file, so the
// two tables cannot differ. It sticks to the netstandard2.0 API surface.
#nullable enable

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Rendering;

/// <summary>
/// One row of the summary: a layer's name, type (with its inline activation), output shape, parameters and the
/// multiply-adds of one example's forward pass.
/// </summary>
internal sealed class SummaryRow
{
    public SummaryRow(string name, string type, IReadOnlyList<long> outputShape, long parameterCount, long multiplyAdds)
    {
        Name = name;
        Type = type;
        OutputShape = outputShape;
        ParameterCount = parameterCount;
        MultiplyAdds = multiplyAdds;
    }

    public string Name { get; }

    public string Type { get; }

    public IReadOnlyList<long> OutputShape { get; }

    public long ParameterCount { get; }

    public long MultiplyAdds { get; }
}

/// <summary>
/// The Keras-style summary table: layer, type, output shape, parameters, and the totals; plus torchinfo's multiply-adds
/// column and total.
/// </summary>
internal static class SummaryTable
{
    public static string Render(string modelName, IReadOnlyList<long> inputShape, IReadOnlyList<SummaryRow> layers, long bufferCount)
    {
        var rows = new List<string[]> { new[] { "Layer", "Type", "Output shape", "Param #", "Mult-adds" } };
        rows.AddRange(layers.Select(layer => new[]
        {
            layer.Name, layer.Type, BatchShape(layer.OutputShape), Thousands(layer.ParameterCount), Thousands(layer.MultiplyAdds),
        }));
        var parameters = layers.Sum(layer => layer.ParameterCount);
        var multiplyAdds = layers.Sum(layer => layer.MultiplyAdds);

        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var totalWidth = widths.Sum() + ((columns - 1) * 2) + 2;
        var text = new StringBuilder();
        text.Append("Model: \"").Append(modelName).Append("\"\n");
        text.Append("Input shape: ").Append(BatchShape(inputShape)).Append('\n');
        text.Append('_', totalWidth).Append('\n');
        AppendRow(text, rows[0], widths);
        text.Append('=', totalWidth).Append('\n');
        foreach (var row in rows.Skip(1))
        {
            AppendRow(text, row, widths);
        }

        text.Append('=', totalWidth).Append('\n');
        text.Append("Total params: ").Append(Thousands(parameters)).Append('\n');
        text.Append("Trainable params: ").Append(Thousands(parameters)).Append('\n');
        text.Append("Non-trainable params: 0").Append('\n');
        if (bufferCount > 0)
        {
            text.Append("Buffers (batch-norm running statistics, not parameters): ").Append(Thousands(bufferCount)).Append('\n');
        }

        text.Append("Total mult-adds (per example, forward): ").Append(Thousands(multiplyAdds)).Append('\n');

        text.Append('_', totalWidth);
        return text.ToString();
    }

    /// <summary>A shape with the batch dimension, as PyTorch users read it: (N, 16, 32, 32).</summary>
    public static string BatchShape(IEnumerable<long> shape) =>
        "(N, " + string.Join(", ", shape.Select(size => size.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>1,084,234.</summary>
    public static string Thousands(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static void AppendRow(StringBuilder text, string[] row, int[] widths)
    {
        var line = new StringBuilder(" ");
        for (var column = 0; column < row.Length; column++)
        {
            // Parameter and multiply-add counts are right-aligned, like numbers in any table.
            var cell = column >= 3 ? row[column].PadLeft(widths[column]) : row[column].PadRight(widths[column]);
            line.Append(cell);
            if (column < row.Length - 1)
            {
                line.Append("  ");
            }
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
