using System.Collections.Generic;
using ModelGen.Generator.Common;

namespace ModelGen.Generator.Spec;

/// <summary>
/// A spec as written, after syntax and value checks: every value keeps the position of its YAML node so
/// that shape inference can point at it. Internal to one compilation step; the pipeline carries
/// <see cref="Model.ModelDefinition"/> instead.
/// </summary>
internal sealed class ModelSpec
{
    public SpecValue? Name { get; set; }

    public SpecValue? Namespace { get; set; }

    public string? Description { get; set; }

    public SpecValue? Input { get; set; }

    public SpecValue? Classes { get; set; }

    public Dictionary<string, SpecValue> Defaults { get; } = new(StringComparer.Ordinal);

    public SourceSpan DefaultsSpan { get; set; }

    public List<LayerSpec> Layers { get; } = new();

    public SourceSpan LayersSpan { get; set; }

    /// <summary>
    /// The index in <see cref="Layers"/> of the first layer that is missing (it could not be read) or has an invalid
    /// setting; null when every layer was read. Shape inference checks only the layers before it: the shapes after
    /// a layer it cannot know would be guesses, and errors about them would mislead.
    /// </summary>
    public int? IncompleteAt { get; set; }

    public TaggedSpec? Optimizer { get; set; }

    public TaggedSpec? Schedule { get; set; }

    public Dictionary<string, SpecValue> Training { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings of <c>training: normalize:</c> (mean, std), as lists of numbers.</summary>
    public Dictionary<string, SpecValue> Normalize { get; } = new(StringComparer.Ordinal);

    public SourceSpan TrainingSpan { get; set; }
}

/// <summary>A value read from the spec, already of the kind its key expects, with its position.</summary>
internal sealed record SpecValue(object Value, SourceSpan Span)
{
    public long Integer => (long)Value;

    public double Number => (double)Value;

    public bool Boolean => (bool)Value;

    public string Text => (string)Value;

    public Pair Pair => (Pair)Value;
}

/// <summary>A height/width pair (kernel, stride, dilation, explicit padding).</summary>
internal readonly record struct Pair(long Height, long Width)
{
    public bool IsSquare => Height == Width;

    public override string ToString() => IsSquare ? $"{Height}" : $"[{Height}, {Width}]";
}

/// <summary>A padding setting: <c>same</c>, <c>valid</c>, or explicit rows/columns on each side.</summary>
internal sealed record PaddingSpec(string Mode, Pair Explicit)
{
    public const string Same = "same";
    public const string Valid = "valid";
    public const string ExplicitMode = "explicit";
}

/// <summary>A named entry with its settings: a layer, an activation, an optimizer or a schedule.</summary>
internal sealed class TaggedSpec
{
    public TaggedSpec(TaggedInfo info, SourceSpan typeSpan, SourceSpan nodeSpan)
    {
        Info = info;
        TypeSpan = typeSpan;
        NodeSpan = nodeSpan;
    }

    public TaggedInfo Info { get; }

    /// <summary>The position of the type name (the most useful place to point at).</summary>
    public SourceSpan TypeSpan { get; }

    public SourceSpan NodeSpan { get; }

    public Dictionary<string, SpecValue> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>An error was reported for this entry or one of its settings, so <see cref="Values"/> may be incomplete.</summary>
    public bool HasErrors { get; set; }

    public SpecValue? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The position of a key's value, or of the type name when the key was not written.</summary>
    public SourceSpan SpanOf(string key) => Values.TryGetValue(key, out var value) ? value.Span : TypeSpan;
}

/// <summary>One layer of the spec.</summary>
internal sealed class LayerSpec
{
    public LayerSpec(TaggedSpec tagged, int index)
    {
        Tagged = tagged;
        Index = index;
    }

    public TaggedSpec Tagged { get; }

    /// <summary>0-based position in <c>layers:</c>.</summary>
    public int Index { get; }

    public string Type => Tagged.Info.Name;

    public TaggedSpec? Activation { get; set; }
}
