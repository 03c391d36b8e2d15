using System.Collections.Immutable;
using ModelGen.Architecture;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Implemented by every class ModelGen generates from a <c>*.model.yaml</c> spec. The static members are
/// compile-time facts, so generic code (trainers, reports) can use them without reflection.
/// </summary>
public interface IGeneratedModel
{
    /// <summary>The model's name in its spec.</summary>
    static abstract string ModelName { get; }

    /// <summary>The shape of one input sample, without the batch dimension.</summary>
    static abstract ImmutableArray<long> InputShape { get; }

    /// <summary>The shape of one output sample, without the batch dimension.</summary>
    static abstract ImmutableArray<long> OutputShape { get; }

    /// <summary>
    /// Identifies the architecture: saved weights load only into a model with the same hash.
    /// </summary>
    static abstract string ArchitectureHash { get; }

    /// <summary>The number of trainable parameters.</summary>
    static abstract long ParameterCount { get; }

    /// <summary>Multiply-adds of one example's forward pass, counted as torchinfo counts its "Total mult-adds".</summary>
    static abstract long MultiplyAdds { get; }

    /// <summary>
    /// The network as data: every layer with all its settings and shapes, in order. Summaries, diagrams and exporters
    /// read it.
    /// </summary>
    static abstract ModelArchitecture Architecture { get; }

    /// <summary>A Keras-style summary table (rendered from <see cref="Architecture"/>).</summary>
    static abstract string Summary { get; }

    /// <summary>The network as a Mermaid flowchart (rendered from <see cref="Architecture"/>).</summary>
    static abstract string MermaidDiagram { get; }

    /// <summary>The spec's training settings.</summary>
    static abstract TrainingSettings Training { get; }

    /// <summary>What <c>forward</c> returns (probabilities, logits, ...), which decides targets, predictions and metrics.</summary>
    static abstract ModelOutputKind OutputKind { get; }

    /// <summary>
    /// The network's output before a final softmax (the same as <c>forward</c> when there is none):
    /// what a cross-entropy loss should see, for numerical stability.
    /// </summary>
    Tensor ForwardLogits(Tensor input);
}
