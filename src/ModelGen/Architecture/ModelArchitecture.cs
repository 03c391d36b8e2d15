using System.Collections.Immutable;
using ModelGen.Rendering;

namespace ModelGen.Architecture;

/// <summary>
/// A generated network described as data: every layer with all its settings and shapes, in order. Every generated
/// class has one (<c>TModel.Architecture</c>), written by the compiler from the same model it generated the class
/// from; summaries, diagrams and exporters read it, with no reflection over TorchSharp modules.
/// </summary>
/// <param name="ModelName">The spec's model name.</param>
/// <param name="InputShape">The shape of one input sample.</param>
/// <param name="OutputKind">What forward returns.</param>
/// <param name="Layers">The layers, first to last.</param>
public sealed record ModelArchitecture(string ModelName, Shape InputShape, ModelOutputKind OutputKind, ImmutableArray<Layer> Layers)
{
    /// <summary>The shape of one output sample.</summary>
    public Shape OutputShape => Layers[^1].OutputShape;

    /// <summary>Trainable parameters of all layers.</summary>
    public long ParameterCount => Layers.Sum(layer => layer.ParameterCount);

    /// <summary>Non-trainable values of all layers (batch-norm running statistics).</summary>
    public long BufferCount => Layers.Sum(layer => layer.BufferCount);

    /// <summary>
    /// Multiply-adds of one example's forward pass, all layers (torchinfo's "Total mult-adds", as the compiler counted).
    /// </summary>
    public long MultiplyAdds => Layers.Sum(layer => layer.MultiplyAdds);

    /// <summary>The Keras-style summary table (the same text as the generated class's documentation shows).</summary>
    public string Summary => SummaryTable.Render(
        ModelName,
        InputShape,
        Layers.Select(layer => new SummaryRow(layer.Name, layer.Description, layer.OutputShape, layer.ParameterCount, layer.MultiplyAdds)).ToList(),
        BufferCount);

    /// <summary>The network as a Mermaid flowchart, for a <c>```mermaid</c> block.</summary>
    public string MermaidDiagram => Architecture.MermaidDiagram.Render(this);

    /// <summary>Compares the layers by value, not the array instances.</summary>
    public bool Equals(ModelArchitecture? other) =>
        other is not null && ModelName == other.ModelName && InputShape == other.InputShape && OutputKind == other.OutputKind &&
        Layers.SequenceEqual(other.Layers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ModelName, InputShape, OutputKind, Layers.Length);
}
