using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ModelGen.Compiler.Parsing.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="YamlNode"/> tree with YamlDotNet's event parser. The reader keeps
/// its own explicit stack (no recursion), resolves aliases without copying, bounds nesting depth, nodes, alias
/// references and the tree's size with aliases expanded (<see cref="SpecLimits"/>, MG0024), and turns every YamlDotNet
/// exception into an MG0001 diagnostic, so hostile input can neither overflow the stack, nor amplify the work of later
/// steps, nor throw out of the generator.
/// </summary>
internal static class YamlTreeReader
{
    public static YamlNode? Read(string text, DiagnosticBag diagnostics)
    {
        var stack = new Stack<Builder>();
        ParsingEvent? last = null;
        try
        {
            return ReadCore(text, diagnostics, stack, current => last = current);
        }
        catch (YamlException exception)
        {
            ReportSyntaxError(text, diagnostics, stack, exception.Start, exception.End, CleanMessage(exception));
            return null;
        }
        catch (ParserFailure)
        {
            // YamlDotNet sometimes fails with a bare InvalidOperationException (seen on a flow collection that is never
            // closed); it carries no position, so point at the last thing that was read.
            var at = last?.End ?? Mark.Empty;
            ReportSyntaxError(text, diagnostics, stack, at, at,
                $"the YAML cannot be read after line {at.Line}, column {at.Column}; check the brackets, quotes and indentation there");
            return null;
        }
    }

    private static YamlNode? ReadCore(string text, DiagnosticBag diagnostics, Stack<Builder> stack, Action<ParsingEvent> onEvent)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        YamlNode? root = null;
        var documents = 0;
        var nodes = 0;
        var aliases = 0;

        while (MoveNext(parser))
        {
            var current = parser.Current!;
            onEvent(current);
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
                    var scalarSpan = Span(scalar.Start, scalar.End);
                    if (!Complete(new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, scalarSpan), scalar.Anchor, scalarSpan))
                    {
                        return null;
                    }

                    break;

                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        diagnostics.Add(DiagnosticIds.YamlSyntax, Span(alias.Start, alias.End),
                            $"the alias '*{alias.Value.Value}' refers to no anchor defined before it");
                        return null;
                    }

                    if (++aliases > SpecLimits.MaxAliasReferences)
                    {
                        diagnostics.Add(DiagnosticIds.LimitExceeded, Span(alias.Start, alias.End), Invariant(
                            $"the file uses more than {SpecLimits.MaxAliasReferences:N0} aliases ('*name'); a spec needs a few at most. Write the repeated parts out, or is this the right file?"));
                        return null;
                    }

                    if (!Complete(target, AnchorName.Empty, Span(alias.Start, alias.End)))
                    {
                        return null;
                    }

                    break;

                case MappingStart mappingStart:
                    if (!Push(new Builder(mappingStart.Start, mappingStart.Anchor, isMapping: true, isFlow: mappingStart.Style == MappingStyle.Flow), mappingStart))
                    {
                        return null;
                    }

                    break;

                case SequenceStart sequenceStart:
                    if (!Push(new Builder(sequenceStart.Start, sequenceStart.Anchor, isMapping: false, isFlow: sequenceStart.Style == SequenceStyle.Flow), sequenceStart))
                    {
                        return null;
                    }

                    break;

                case MappingEnd:
                case SequenceEnd:
                    var finished = stack.Pop();
                    var span = Span(finished.Start, current.End);
                    YamlNode node = finished.IsMapping
                        ? new YamlMapping(finished.Entries, span, finished.ExpandedSize)
                        : new YamlSequence(finished.Items, span, finished.ExpandedSize);
                    if (!Complete(node, finished.Anchor, span))
                    {
                        return null;
                    }

                    break;
            }

            if (++nodes > SpecLimits.MaxYamlNodes)
            {
                diagnostics.Add(DiagnosticIds.LimitExceeded, Span(current.Start, current.End), Invariant(
                    $"the file has more than {SpecLimits.MaxYamlNodes:N0} YAML nodes; a model spec is far smaller. Is this the right file?"));
                return null;
            }
        }

        return root;

        bool Push(Builder builder, ParsingEvent at)
        {
            if (stack.Count >= SpecLimits.MaxDepth)
            {
                diagnostics.Add(DiagnosticIds.LimitExceeded, Span(at.Start, at.End),
                    $"the YAML is nested more than {SpecLimits.MaxDepth} levels deep; a model spec needs at most a few levels");
                return false;
            }

            stack.Push(builder);
            return true;
        }

        // Adds a finished node (or an alias's target) to its parent; false when the parent, with aliases expanded,
        // grows past the limit, which bounds every later step's walk over the tree.
        bool Complete(YamlNode node, AnchorName anchor, SourceSpan at)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            if (stack.Count == 0)
            {
                root = node;
                return true;
            }

            var parent = stack.Peek();
            parent.ExpandedSize += node.ExpandedSize;
            if (parent.ExpandedSize > SpecLimits.MaxExpandedNodes)
            {
                diagnostics.Add(DiagnosticIds.LimitExceeded, at, Invariant(
                    $"with its aliases expanded, the YAML here stands for more than {SpecLimits.MaxExpandedNodes:N0} nodes; a model spec is far smaller. Repeat fewer blocks through aliases ('*name')"));
                return false;
            }

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

            return true;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool MoveNext(Parser parser)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException exception)
        {
            throw new ParserFailure(exception);
        }
    }

    /// <summary>
    /// Reports a YAML syntax error where a person would fix it: YamlDotNet reports an unclosed '[' or '{' at the end of
    /// the file (or not at all) and a tab in the indentation at the start of the enclosing mapping.
    /// </summary>
    private static void ReportSyntaxError(string text, DiagnosticBag diagnostics, Stack<Builder> stack, Mark start, Mark end, string message)
    {
        var unclosed = stack.FirstOrDefault(b => b.IsFlow);
        if (message.IndexOf(" tab ", StringComparison.OrdinalIgnoreCase) >= 0 && FindIndentationTab(text, (int)start.Line) is { } tab)
        {
            diagnostics.Add(DiagnosticIds.YamlSyntax, tab,
                "a tab is used for indentation, but YAML indents with spaces only; replace the tab with spaces");
            return;
        }

        var readerFailed = message.StartsWith("the YAML cannot be read", StringComparison.Ordinal);
        var missingCloser = unclosed is not null && (end.Index >= text.Length ||
            (message.IndexOf("did not find expected ','", StringComparison.Ordinal) >= 0 && end.Line > unclosed.Start.Line));
        if (unclosed is not null && (readerFailed || missingCloser))
        {
            var (open, close) = unclosed.IsMapping ? ('{', '}') : ('[', ']');
            var where = readerFailed ? string.Empty
                : end.Index >= text.Length ? " (the file ends before it)"
                : $" (the YAML reader expected it before line {end.Line}, column {end.Column})";
            diagnostics.Add(DiagnosticIds.YamlSyntax, Span(unclosed.Start, unclosed.Start),
                $"the '{open}' here is never closed; add the missing '{close}'{where}");
            return;
        }

        if (message.IndexOf("found invalid mapping", StringComparison.Ordinal) >= 0)
        {
            message += "; a ': ' inside a value starts a mapping: check this line's indentation, or write nested settings in braces, e.g. - dense: {units: 10}";
        }
        else if (message.IndexOf("quoted scalar", StringComparison.Ordinal) >= 0)
        {
            message += "; is the closing quote missing?";
        }

        diagnostics.Add(DiagnosticIds.YamlSyntax, Span(start, end), message);
    }

    /// <summary>The first tab in the leading whitespace of a line, from <paramref name="fromLine"/> on.</summary>
    private static SourceSpan? FindIndentationTab(string text, int fromLine)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (i == lineStart && line >= fromLine)
            {
                for (var j = i; j < text.Length && (text[j] == ' ' || text[j] == '\t'); j++)
                {
                    if (text[j] == '\t')
                    {
                        var column = j - lineStart + 1;
                        return new SourceSpan(line, column, line, column + 1, j, j + 1);
                    }
                }
            }

            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return null;
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

    /// <summary>YamlDotNet threw something other than a <see cref="YamlException"/> on malformed input.</summary>
    private sealed class ParserFailure : Exception
    {
        public ParserFailure(InvalidOperationException inner)
            : base(inner.Message, inner)
        {
        }
    }

    private sealed class Builder
    {
        public Builder(Mark start, AnchorName anchor, bool isMapping, bool isFlow)
        {
            Start = start;
            Anchor = anchor;
            IsMapping = isMapping;
            IsFlow = isFlow;
        }

        /// <summary>Written with brackets or braces (<c>[a, b]</c>, <c>{a: 1}</c>), which must be closed.</summary>
        public bool IsFlow { get; }

        public Mark Start { get; }

        public AnchorName Anchor { get; }

        public bool IsMapping { get; }

        public List<YamlNode> Items { get; } = new();

        public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public YamlScalar? PendingKey { get; set; }

        /// <summary>This node and its children so far, aliases expanded.</summary>
        public int ExpandedSize { get; set; } = 1;
    }
}
