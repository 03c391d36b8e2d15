using System.Collections.Generic;
using System.IO;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelGen.Generator.Spec.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="YamlNode"/> tree with YamlDotNet's event parser. The reader keeps
/// its own explicit stack (no recursion), bounds nesting depth and node count, resolves aliases without
/// copying, and turns every YamlDotNet exception into an MG0001 diagnostic, so hostile input can neither
/// overflow the stack nor throw out of the generator.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>A spec is at most a few levels deep; anything deeper is a mistake or an attack.</summary>
    public const int MaxDepth = 32;

    public const int MaxNodes = 100_000;

    public static YamlNode? Read(string text, DiagnosticBag diagnostics)
    {
        try
        {
            return ReadCore(text, diagnostics);
        }
        catch (YamlException exception)
        {
            diagnostics.Add(DiagnosticIds.YamlSyntax, Span(exception.Start, exception.End), CleanMessage(exception));
            return null;
        }
    }

    private static YamlNode? ReadCore(string text, DiagnosticBag diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<Builder>();
        YamlNode? root = null;
        var documents = 0;
        var nodes = 0;

        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart start:
                    documents++;
                    if (documents > 1)
                    {
                        diagnostics.Add(DiagnosticIds.InvalidStructure, Span(start.Start, start.End),
                            "a spec file holds one YAML document; remove the second '---' document or move it to a file of its own");
                        return root;
                    }

                    break;

                case Scalar scalar:
                    Complete(new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, Span(scalar.Start, scalar.End)), scalar.Anchor);
                    break;

                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        diagnostics.Add(DiagnosticIds.YamlSyntax, Span(alias.Start, alias.End),
                            $"the alias '*{alias.Value.Value}' refers to no anchor defined before it");
                        return null;
                    }

                    Complete(target, AnchorName.Empty);
                    break;

                case MappingStart mappingStart:
                    if (!Push(new Builder(mappingStart.Start, mappingStart.Anchor, isMapping: true), mappingStart))
                    {
                        return null;
                    }

                    break;

                case SequenceStart sequenceStart:
                    if (!Push(new Builder(sequenceStart.Start, sequenceStart.Anchor, isMapping: false), sequenceStart))
                    {
                        return null;
                    }

                    break;

                case MappingEnd:
                case SequenceEnd:
                    var finished = stack.Pop();
                    var span = Span(finished.Start, current.End);
                    YamlNode node = finished.IsMapping
                        ? new YamlMapping(finished.Entries, span)
                        : new YamlSequence(finished.Items, span);
                    Complete(node, finished.Anchor);
                    break;
            }

            if (++nodes > MaxNodes)
            {
                diagnostics.Add(DiagnosticIds.InvalidStructure, Span(current.Start, current.End),
                    $"the file has more than {MaxNodes:N0} YAML nodes; a model spec is far smaller. Is this the right file?");
                return null;
            }
        }

        return root;

        bool Push(Builder builder, ParsingEvent at)
        {
            if (stack.Count >= MaxDepth)
            {
                diagnostics.Add(DiagnosticIds.InvalidStructure, Span(at.Start, at.End),
                    $"the YAML is nested more than {MaxDepth} levels deep; a model spec needs at most a few levels");
                return false;
            }

            stack.Push(builder);
            return true;
        }

        void Complete(YamlNode node, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            if (stack.Count == 0)
            {
                root = node;
                return;
            }

            var parent = stack.Peek();
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                if (node is YamlScalar key)
                {
                    if (parent.Keys.Contains(key.Value))
                    {
                        diagnostics.Add(DiagnosticIds.DuplicateKey, key.Span,
                            $"the key '{key.Value}' appears twice in the same mapping; keep one of them");
                    }

                    parent.Keys.Add(key.Value);
                    parent.PendingKey = key;
                }
                else
                {
                    diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                        $"a mapping key must be a plain name, not {node.Describe()}");
                    parent.PendingKey = new YamlScalar("?", isPlain: false, node.Span);
                }
            }
            else
            {
                parent.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(parent.PendingKey, node));
                parent.PendingKey = null;
            }
        }
    }

    private static string CleanMessage(YamlException exception)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the location is reported separately.
        var message = exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0)
        {
            message = message.Substring(marker + 3);
        }

        return message.TrimEnd('.');
    }

    internal static SourceSpan Span(Mark start, Mark end) =>
        new((int)start.Line, (int)start.Column, (int)end.Line, (int)end.Column, (int)start.Index, (int)end.Index);

    private sealed class Builder
    {
        public Builder(Mark start, AnchorName anchor, bool isMapping)
        {
            Start = start;
            Anchor = anchor;
            IsMapping = isMapping;
        }

        public Mark Start { get; }

        public AnchorName Anchor { get; }

        public bool IsMapping { get; }

        public List<YamlNode> Items { get; } = new();

        public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public YamlScalar? PendingKey { get; set; }
    }
}
