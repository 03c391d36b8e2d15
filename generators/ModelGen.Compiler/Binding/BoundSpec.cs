using System.Collections.Generic;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Compiler.Binding;

/// <summary>
/// A spec bound to the model's types: every layer a typed record with its settings resolved, the training section
/// typed. The syntax stays beside it, so the checks that follow can point at the YAML node of each value.
/// </summary>
internal sealed class BoundSpec
{
    public BoundSpec(SpecSyntax syntax, string @namespace, IReadOnlyList<BoundLayer> layers, TrainingDefinition training)
    {
        Syntax = syntax;
        Namespace = @namespace;
        Layers = layers;
        Training = training;
    }

    public SpecSyntax Syntax { get; }

    /// <summary>The spec's namespace, or the project's root namespace when it declares none.</summary>
    public string Namespace { get; }

    /// <summary>The layers that were read completely, in order.</summary>
    public IReadOnlyList<BoundLayer> Layers { get; }

    public TrainingDefinition Training { get; }
}

/// <summary>A layer of the model and the syntax it came from.</summary>
internal sealed record BoundLayer(Layer Layer, LayerSyntax Syntax);
