using System.Linq;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Rendering;

namespace ModelGen.Compiler.Emit;

/// <summary>The Keras-style summary of a model, at build time (XML docs, the command-line tool).</summary>
internal static class ModelSummary
{
    /// <summary>The summary table; the generated class's <c>Summary</c> renders the same text at run time.</summary>
    public static string Render(ModelDefinition model) => SummaryTable.Render(
        model.Name,
        model.InputShape,
        model.Layers.Select(node => new SummaryRow(node.Name, TypeOf(node.Layer), node.OutputShape, node.ParameterCount, node.MultiplyAdds)).ToList(),
        model.BufferCount);

    /// <summary>The summary's type column: the spec's layer type and its inline activation (<c>conv2d + relu</c>).</summary>
    public static string TypeOf(Layer layer) =>
        layer.InlineActivation is { } activation
            ? $"{LayerCatalogue.NameOf(layer)} + {ActivationCatalogue.NameOf(activation)}"
            : LayerCatalogue.NameOf(layer);
}
