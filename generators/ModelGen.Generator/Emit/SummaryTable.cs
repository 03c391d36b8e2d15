using System.Collections.Generic;
using System.Linq;
using System.Text;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Emit;

/// <summary>The Keras-style summary table (layer, type, output shape, params, totals), computed at build time.</summary>
internal static class SummaryTable
{
    public static string Render(ModelDefinition model)
    {
        var rows = new List<string[]> { new[] { "Layer", "Type", "Output shape", "Param #" } };
        rows.AddRange(model.Layers.Select(layer => new[]
        {
            layer.MemberName,
            Formatting.LayerType(layer),
            Formatting.BatchShape(layer.OutputShape),
            Formatting.Thousands(layer.ParameterCount),
        }));

        var widths = Enumerable.Range(0, 4).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var totalWidth = widths.Sum() + (3 * 2) + 2;
        var text = new StringBuilder();
        text.Append("Model: \"").Append(model.Name).Append("\"\n");
        text.Append("Input shape: ").Append(Formatting.BatchShape(model.InputShape)).Append('\n');
        text.Append('_', totalWidth).Append('\n');
        AppendRow(text, rows[0], widths);
        text.Append('=', totalWidth).Append('\n');
        foreach (var row in rows.Skip(1))
        {
            AppendRow(text, row, widths);
        }

        text.Append('=', totalWidth).Append('\n');
        text.Append("Total params: ").Append(Formatting.Thousands(model.ParameterCount)).Append('\n');
        text.Append("Trainable params: ").Append(Formatting.Thousands(model.ParameterCount)).Append('\n');
        text.Append("Non-trainable params: 0").Append('\n');
        if (model.BufferCount > 0)
        {
            text.Append("Buffers (batch-norm running statistics, not parameters): ").Append(Formatting.Thousands(model.BufferCount)).Append('\n');
        }

        text.Append('_', totalWidth);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] row, int[] widths)
    {
        var line = new StringBuilder(" ");
        for (var column = 0; column < row.Length; column++)
        {
            // Parameter counts are right-aligned, like numbers in any table.
            var cell = column == 3 ? row[column].PadLeft(widths[column]) : row[column].PadRight(widths[column]);
            line.Append(cell);
            if (column < row.Length - 1)
            {
                line.Append("  ");
            }
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
