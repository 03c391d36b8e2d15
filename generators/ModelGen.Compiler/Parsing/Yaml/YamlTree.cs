using System.Collections.Generic;
using ModelGen.Compiler.Common;

namespace ModelGen.Compiler.Parsing.Yaml;

/// <summary>A node of a parsed spec file, with its position. Built by <see cref="YamlTreeReader"/>.</summary>
internal abstract class YamlNode
{
    protected YamlNode(SourceSpan span, int expandedSize)
    {
        Span = span;
        ExpandedSize = expandedSize;
    }

    public SourceSpan Span { get; }

    /// <summary>
    /// The nodes this one stands for with every alias in it expanded (itself included): how much work walking it is.
    /// Bounded by <see cref="Language.SpecLimits.MaxExpandedNodes"/>.
    /// </summary>
    public int ExpandedSize { get; }

    /// <summary>What a person would call this node in an error message.</summary>
    public abstract string Describe();
}

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool isPlain, SourceSpan span)
        : base(span, 1)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>Unquoted: only plain scalars can mean null, booleans or numbers.</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string Describe() => IsNull ? "an empty value" : $"'{Value}'";
}

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, SourceSpan span, int expandedSize)
        : base(span, expandedSize) => Entries = entries;

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    public override string Describe() => "a mapping";
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, SourceSpan span, int expandedSize)
        : base(span, expandedSize) => Items = items;

    public IReadOnlyList<YamlNode> Items { get; }

    public override string Describe() => "a list";
}
