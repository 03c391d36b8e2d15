using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Compiler.Language;

/// <summary>What kind of value a key takes; decides how the parser reads it and which value type it produces.</summary>
internal enum ValueKind
{
    /// <summary>A whole number between <see cref="KeyInfo.Min"/> and <see cref="KeyInfo.Max"/>.</summary>
    Integer,

    /// <summary>A real number; <see cref="KeyInfo.Min"/>/<see cref="KeyInfo.Max"/> bound it.</summary>
    Number,

    Boolean,

    /// <summary>One whole number for both spatial dimensions, or <c>[height, width]</c>.</summary>
    Pair,

    /// <summary><c>same</c>, <c>valid</c>, a number, or <c>[height, width]</c>.</summary>
    Padding,

    /// <summary>One of <see cref="KeyInfo.Choices"/>.</summary>
    Choice,

    /// <summary>An activation: a name, or a one-key mapping from the name to its argument(s).</summary>
    Activation,

    /// <summary>A C# identifier.</summary>
    Identifier,

    /// <summary>A dotted C# namespace.</summary>
    Namespace,

    Text,

    /// <summary>A list of whole numbers (the input shape).</summary>
    Shape,

    /// <summary>One number for every channel, or a list with one number per channel.</summary>
    Numbers,

    /// <summary>
    /// A list of [fraction, value] pairs: fractions from 0 to 1, increasing; values between <see cref="KeyInfo.Min"/>
    /// and <see cref="KeyInfo.Max"/>.
    /// </summary>
    Points,
}

/// <summary>
/// One key of a section or layer: its value kind, bounds, default and documentation, and an example value (YAML
/// text) that shows a typical setting other than the default, for hover in editors. <see cref="Default"/> is YAML text
/// too: the one place the default lives, read by the binder (<see cref="Defaults"/>), the schema writer and the docs.
/// </summary>
internal sealed record KeyInfo(
    string Name,
    ValueKind Kind,
    string Description,
    bool Required = false,
    string? Default = null,
    double Min = double.NegativeInfinity,
    double Max = double.PositiveInfinity,
    bool MinExclusive = false,
    bool MaxExclusive = false,
    IReadOnlyList<string>? Choices = null,
    string? Example = null);

/// <summary>The catalogue's default of a key, as the value the binder needs.</summary>
internal static class Defaults
{
    public static double Number(KeyInfo key) => double.Parse(Text(key), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static long Integer(KeyInfo key) => long.Parse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static bool Boolean(KeyInfo key) => Text(key) switch
    {
        "true" => true,
        "false" => false,
        var text => throw new InvalidOperationException($"the default '{text}' of '{key.Name}' is not a boolean"),
    };

    public static T Choice<T>(KeyInfo key, ChoiceSet<T> choices) => choices[Text(key)];

    private static string Text(KeyInfo key) =>
        key.Default ?? throw new InvalidOperationException($"'{key.Name}' has no default in the spec language");
}

/// <summary>
/// A named entry with arguments: a layer type, an activation, an optimizer or a schedule. In YAML it is written as its
/// bare name, or as a one-key mapping from the name to either its <see cref="PrimaryKey"/> value or a mapping of its
/// keys (<c>- dense: 256</c>, <c>- dense: {units: 256}</c>).
/// </summary>
internal abstract class TaggedInfo
{
    protected TaggedInfo(string name, string description, IReadOnlyList<KeyInfo> keys, KeyInfo? primaryKey, string memberPrefix, string example)
    {
        Name = name;
        Description = description;
        Keys = keys;
        PrimaryKey = primaryKey?.Name;
        MemberPrefix = memberPrefix;
        Example = example;
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<KeyInfo> Keys { get; }

    /// <summary>The key a bare value sets (<c>- dropout: 0.25</c> sets rate).</summary>
    public string? PrimaryKey { get; }

    /// <summary>Default member names are this and the layer's ordinal among its type (<c>conv1</c>).</summary>
    public string MemberPrefix { get; }

    public string Example { get; }

    public KeyInfo? FindKey(string name) => Keys.FirstOrDefault(key => key.Name == name);
}

/// <summary>A <see cref="TaggedInfo"/> with the kind the binder maps it to.</summary>
internal sealed class TaggedInfo<TKind> : TaggedInfo
{
    public TaggedInfo(TKind kind, string name, string description, IReadOnlyList<KeyInfo> keys, KeyInfo? primaryKey = null, string memberPrefix = "", string example = "")
        : base(name, description, keys, primaryKey, memberPrefix, example) => Kind = kind;

    public TKind Kind { get; }
}

/// <summary>
/// The names a choice key accepts, in the order documentation lists them, each mapped to the value it means (several
/// names may mean one value: xavier_uniform is glorot_uniform).
/// </summary>
internal sealed class ChoiceSet<T> : IReadOnlyList<string>
{
    private readonly IReadOnlyList<KeyValuePair<string, T>> _choices;

    public ChoiceSet(params (string Name, T Value)[] choices) =>
        _choices = choices.Select(c => new KeyValuePair<string, T>(c.Name, c.Value)).ToList();

    public int Count => _choices.Count;

    public string this[int index] => _choices[index].Key;

    /// <summary>The value a name means; the parser has already rejected names that are not in the set.</summary>
    public T this[string name] => _choices.First(c => c.Key == name).Value;

    /// <summary>The first name listed for <paramref name="value"/>: its canonical spelling.</summary>
    public string NameOf(T value) => _choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Key;

    public IEnumerator<string> GetEnumerator() => _choices.Select(c => c.Key).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
