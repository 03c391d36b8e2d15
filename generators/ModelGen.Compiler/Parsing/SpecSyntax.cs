using System.Collections.Generic;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Language;

namespace ModelGen.Compiler.Parsing;

/// <summary>
/// A spec as written, after syntax and value checks: every value is typed by its key's kind and keeps the position of
/// its YAML node, so later steps can point at it. Internal to one compilation; the binder turns it into the model.
/// </summary>
internal sealed class SpecSyntax
{
    public TextValue? Name { get; set; }

    public TextValue? Namespace { get; set; }

    public string? Description { get; set; }

    public ShapeValue? Input { get; set; }

    public IntegerValue? Classes { get; set; }

    public Settings Defaults { get; } = new();

    public List<LayerSyntax> Layers { get; } = new();

    /// <summary>
    /// The index in <see cref="Layers"/> of the first layer that is missing (it could not be read) or has an invalid
    /// setting; null when every layer was read. Later steps look only at the layers before it: the shapes after a
    /// layer nobody can know would be guesses, and errors about them would mislead.
    /// </summary>
    public int? IncompleteAt { get; set; }

    public TaggedSyntax? Optimizer { get; set; }

    public TaggedSyntax? Schedule { get; set; }

    /// <summary>The plain settings of <c>training:</c> (loss, batch_size, epochs).</summary>
    public Settings Training { get; } = new();

    /// <summary>The settings of <c>training: normalize:</c> (mean, std).</summary>
    public Settings Normalize { get; } = new();

    /// <summary>The augmentations of <c>training: augment:</c>, as written.</summary>
    public List<TaggedSyntax> Augment { get; } = new();

    /// <summary>Where <c>augment:</c> is written, if it is.</summary>
    public SourceSpan? AugmentSpan { get; set; }

    /// <summary>The groups of <c>training: parameter_groups:</c>, as written.</summary>
    public List<TaggedSyntax> ParameterGroups { get; } = new();

    /// <summary>The settings of <c>training: ema:</c> (decay, every).</summary>
    public Settings Ema { get; } = new();

    /// <summary>Where <c>ema:</c> is written, if it is.</summary>
    public SourceSpan? EmaSpan { get; set; }
    /// <summary>
    /// The callback sections written under <c>training:</c> (<c>early_stopping:</c>, ...), by key; a section written
    /// with no settings is here with empty settings (all defaults), one not written is absent.
    /// </summary>
    public Dictionary<KeyInfo, Settings> Callbacks { get; } = new();

    /// <summary>The layers that were read completely (all of them unless <see cref="IncompleteAt"/> is set).</summary>
    public IEnumerable<LayerSyntax> CompleteLayers => IncompleteAt is { } end ? Layers.GetRange(0, end) : Layers;
}

/// <summary>The values written for the keys of one section or entry, by key.</summary>
internal sealed class Settings
{
    private readonly Dictionary<string, SettingValue> _values = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<KeyInfo, SettingValue>> _written = new();

    /// <summary>Every key that has a valid value, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<KeyInfo, SettingValue>> Written => _written;

    public void Set(KeyInfo key, SettingValue value)
    {
        _values[key.Name] = value;
        _written.RemoveAll(entry => entry.Key.Name == key.Name);
        _written.Add(new KeyValuePair<KeyInfo, SettingValue>(key, value));
    }

    public bool Has(KeyInfo key) => _values.ContainsKey(key.Name);

    /// <summary>The value written for <paramref name="key"/>, or null. The parser stores each kind's own value type.</summary>
    public T? Get<T>(KeyInfo key)
        where T : SettingValue =>
        _values.TryGetValue(key.Name, out var value)
            ? value as T ?? throw new InvalidOperationException($"'{key.Name}' holds {value.GetType().Name}, not {typeof(T).Name}")
            : null;
}

/// <summary>A named entry with its settings: a layer, an activation, an optimizer or a schedule.</summary>
internal sealed class TaggedSyntax
{
    public TaggedSyntax(TaggedInfo info, SourceSpan typeSpan, SourceSpan nodeSpan)
    {
        Info = info;
        TypeSpan = typeSpan;
        NodeSpan = nodeSpan;
    }

    public TaggedInfo Info { get; }

    /// <summary>The position of the type name (the most useful place to point at).</summary>
    public SourceSpan TypeSpan { get; }

    public SourceSpan NodeSpan { get; }

    public Settings Settings { get; } = new();

    /// <summary>An error was reported for this entry or one of its settings, so <see cref="Settings"/> may be incomplete.</summary>
    public bool HasErrors { get; set; }

    /// <summary>The position of a key's value, or of the type name when the key was not written.</summary>
    public SourceSpan SpanOf(KeyInfo key) => Settings.Get<SettingValue>(key)?.Span ?? TypeSpan;
}

/// <summary>One layer of the spec.</summary>
internal sealed class LayerSyntax
{
    public LayerSyntax(TaggedSyntax tagged, int index)
    {
        Tagged = tagged;
        Index = index;
    }

    public TaggedSyntax Tagged { get; }

    /// <summary>0-based position in <c>layers:</c>.</summary>
    public int Index { get; }

    public string Type => Tagged.Info.Name;

    public TaggedSyntax? Activation => Tagged.Settings.Get<ActivationValue>(LayerKeys.Activation)?.Activation;
}
