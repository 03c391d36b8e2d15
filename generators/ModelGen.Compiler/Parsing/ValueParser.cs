using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Compiler.Parsing;

/// <summary>
/// Reads one value of the kind its key calls for (a number in range, a pair, a padding, a choice, a name, ...) into
/// its typed <see cref="SettingValue"/>, or reports what is wrong with it at its node and returns null.
/// </summary>
internal sealed class ValueParser
{
    private readonly DiagnosticBag _diagnostics;

    public ValueParser(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    /// <summary>Reads a value of any kind but <see cref="ValueKind.Activation"/> (a tagged entry the spec parser reads).</summary>
    public SettingValue? Parse(KeyInfo key, YamlNode node, string path)
    {
        switch (key.Kind)
        {
            case ValueKind.Integer:
            case ValueKind.Number:
                return ParseNumber(key, node, path);
            case ValueKind.Boolean:
                return ParseBoolean(node, path);
            case ValueKind.Pair:
                return ParsePair(key, node, path);
            case ValueKind.Padding:
                if (node is YamlScalar { IsPlain: true } mode && Choices.PaddingModes.Contains(mode.Value))
                {
                    return new PaddingValue(new Padding(Choices.PaddingModes[mode.Value], default), node.Span);
                }

                if (node is YamlScalar { IsPlain: true } word && !LooksNumeric(word.Value))
                {
                    _diagnostics.Add(DiagnosticIds.UnknownValue, node.Span,
                        $"unknown padding '{word.Value}' for {path}{Suggestions.DidYouMean(word.Value, Choices.PaddingModes)} (or give a number of rows/columns)");
                    return null;
                }

                var pair = ParsePair(key, node, path);
                return pair is null ? null : new PaddingValue(new Padding(PaddingMode.Explicit, pair.Value), node.Span);
            case ValueKind.Choice:
                return ParseChoice(key, node, path);
            case ValueKind.Identifier:
                return ParseIdentifier(node, path);
            case ValueKind.Namespace:
                return ParseNamespace(node);
            case ValueKind.Numbers:
                return ParseNumbers(key, node, path);
            case ValueKind.Shape:
                return ParseShape(node);
            case ValueKind.Points:
                return ParsePoints(key, node, path);
            case ValueKind.Text:
                if (node is YamlScalar text && !text.IsNull)
                {
                    return new TextValue(text.Value, node.Span);
                }

                _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} must be text, not {node.Describe()}");
                return null;
            default:
                throw Unexpected.Value(key.Kind);
        }
    }

    private SettingValue? ParseNumber(KeyInfo key, YamlNode node, string path)
    {
        var wanted = key.Kind == ValueKind.Integer ? "a whole number" : "a number";
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            _diagnostics.Add(node is YamlScalar ? DiagnosticIds.MissingValue : DiagnosticIds.WrongType, node.Span,
                $"{path} needs {wanted}, not {node.Describe()}");
            return null;
        }

        if (!scalar.IsPlain)
        {
            var hint = LooksNumeric(scalar.Value) ? " (remove the quotes)" : string.Empty;
            _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs {wanted}, not the text '{scalar.Value}'{hint}");
            return null;
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ||
            double.IsNaN(number))
        {
            _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs {wanted}, not '{scalar.Value}'");
            return null;
        }

        if (key.Kind == ValueKind.Integer && (Math.Floor(number) != number || scalar.Value.Contains(".")))
        {
            _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs a whole number, not {scalar.Value}");
            return null;
        }

        var tooSmall = key.MinExclusive ? number <= key.Min : number < key.Min;
        var tooLarge = key.MaxExclusive ? number >= key.Max : number > key.Max;
        if (tooSmall || tooLarge || double.IsInfinity(number))
        {
            _diagnostics.Add(DiagnosticIds.OutOfRange, node.Span, $"{path} is {scalar.Value}, but it must be {DescribeRange(key)}");
            return null;
        }

        return key.Kind == ValueKind.Integer
            ? new IntegerValue((long)number, node.Span)
            : new NumberValue(number, node.Span);
    }

    /// <summary>One number, or a non-empty list of numbers; the value is always a list.</summary>
    private NumbersValue? ParseNumbers(KeyInfo key, YamlNode node, string path)
    {
        var number = key with { Kind = ValueKind.Number };
        if (node is not YamlSequence sequence)
        {
            return ParseNumber(number, node, path) is NumberValue single ? new NumbersValue(EquatableArray.Create(single.Value), node.Span) : null;
        }

        if (sequence.Items.Count == 0)
        {
            _diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"{path} is an empty list; give one number, or one per channel");
            return null;
        }

        var values = new List<double>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (ParseNumber(number, sequence.Items[i], $"{path}[{i}]") is not NumberValue item)
            {
                return null;
            }

            values.Add(item.Value);
        }

        return new NumbersValue(values.ToEquatableArray(), node.Span);
    }

    /// <summary>[[fraction, value], ...]: fractions from 0 to 1, increasing; values in the key's range.</summary>
    private PointsValue? ParsePoints(KeyInfo key, YamlNode node, string path)
    {
        const string Form = "a list of [fraction, factor] pairs from fraction 0 to 1, e.g. [[0, 0.2], [0.25, 1], [1, 0]]";
        if (node is not YamlSequence { Items.Count: >= 2 } sequence)
        {
            _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs {Form}, not {node.Describe()}");
            return null;
        }

        var fraction = key with { Kind = ValueKind.Number, Min = 0, Max = 1, MinExclusive = false, MaxExclusive = false };
        var factor = key with { Kind = ValueKind.Number };
        var points = new List<SchedulePoint>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (sequence.Items[i] is not YamlSequence { Items.Count: 2 } pair)
            {
                _diagnostics.Add(DiagnosticIds.WrongType, sequence.Items[i].Span, $"{path}[{i}] needs [fraction, factor], not {sequence.Items[i].Describe()}");
                return null;
            }

            if (ParseNumber(fraction, pair.Items[0], $"{path}[{i}] fraction") is not NumberValue at ||
                ParseNumber(factor, pair.Items[1], $"{path}[{i}] factor") is not NumberValue value)
            {
                return null;
            }

            var first = i == 0;
            var last = i == sequence.Items.Count - 1;
            if ((first && at.Value != 0) || (last && at.Value != 1) || (!first && at.Value <= points[i - 1].Fraction))
            {
                var rule = first ? "the first point must be at fraction 0" : last ? "the last point must be at fraction 1" : "the fractions must increase";
                _diagnostics.Add(DiagnosticIds.OutOfRange, pair.Items[0].Span, $"{path}[{i}] is at fraction {((YamlScalar)pair.Items[0]).Value}, but {rule}; {path} needs {Form}");
                return null;
            }

            points.Add(new SchedulePoint(at.Value, value.Value));
        }

        return new PointsValue(points.ToEquatableArray(), node.Span);
    }

    private BooleanValue? ParseBoolean(YamlNode node, string path)
    {
        if (node is YamlScalar { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true":
                case "True":
                case "TRUE":
                    return new BooleanValue(true, node.Span);
                case "false":
                case "False":
                case "FALSE":
                    return new BooleanValue(false, node.Span);
            }
        }

        _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs true or false, not {node.Describe()}");
        return null;
    }

    private PairValue? ParsePair(KeyInfo key, YamlNode node, string path)
    {
        if (node is YamlSequence sequence)
        {
            if (sequence.Items.Count != 2)
            {
                _diagnostics.Add(DiagnosticIds.WrongType, node.Span,
                    $"{path} needs one number or two ([height, width]), not a list of {sequence.Items.Count}");
                return null;
            }

            var height = ParseNumber(key with { Kind = ValueKind.Integer }, sequence.Items[0], path + "[0]") as IntegerValue;
            var width = ParseNumber(key with { Kind = ValueKind.Integer }, sequence.Items[1], path + "[1]") as IntegerValue;
            return height is null || width is null ? null : new PairValue(new Size2(height.Value, width.Value), node.Span);
        }

        return ParseNumber(key with { Kind = ValueKind.Integer }, node, path) is IntegerValue single ? new PairValue(Size2.Of(single.Value), node.Span) : null;
    }

    private ChoiceValue? ParseChoice(KeyInfo key, YamlNode node, string path)
    {
        var choices = key.Choices!;
        if (node is YamlScalar scalar && !scalar.IsNull)
        {
            if (choices.Contains(scalar.Value))
            {
                return new ChoiceValue(scalar.Value, node.Span);
            }

            _diagnostics.Add(DiagnosticIds.UnknownValue, node.Span,
                $"unknown value '{scalar.Value}' for {path}{Suggestions.DidYouMean(scalar.Value, choices)}");
            return null;
        }

        _diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs one of {string.Join(", ", choices)}, not {node.Describe()}");
        return null;
    }

    private TextValue? ParseIdentifier(YamlNode node, string path)
    {
        var isModel = path == "model";
        var id = isModel ? DiagnosticIds.InvalidModelName : DiagnosticIds.InvalidLayerName;
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            _diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"{path} needs a name, not {node.Describe()}");
            return null;
        }

        if (scalar.Value.Length > SpecLimits.MaxNameLength)
        {
            _diagnostics.Add(id, node.Span, $"{path} is {scalar.Value.Length} characters long; keep names to at most {SpecLimits.MaxNameLength}");
            return null;
        }

        if (!IsVisible(scalar, id, path))
        {
            return null;
        }

        if (!IsIdentifier(scalar.Value))
        {
            var suggestion = ToIdentifier(scalar.Value, pascal: isModel);
            _diagnostics.Add(id, node.Span,
                $"'{scalar.Value}' is not a valid C# identifier (letters, digits and '_', not starting with a digit, not a keyword); try '{suggestion}'");
            return null;
        }

        return new TextValue(scalar.Value, node.Span);
    }

    private TextValue? ParseNamespace(YamlNode node)
    {
        if (node is YamlScalar scalar && !scalar.IsNull)
        {
            if (scalar.Value.Length > SpecLimits.MaxNameLength)
            {
                _diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span, $"the namespace is {scalar.Value.Length} characters long; keep it to at most {SpecLimits.MaxNameLength}");
                return null;
            }

            if (!IsVisible(scalar, DiagnosticIds.InvalidNamespace, "namespace"))
            {
                return null;
            }

            if (scalar.Value.Split('.').All(IsIdentifier))
            {
                return new TextValue(scalar.Value, node.Span);
            }

            _diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span,
                $"'{scalar.Value}' is not a valid C# namespace; use dot-separated identifiers, e.g. 'MyCompany.Models'");
            return null;
        }

        _diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span, $"namespace needs a dotted name like 'MyCompany.Models', not {node.Describe()}");
        return null;
    }

    private ShapeValue? ParseShape(YamlNode node)
    {
        const string Expected = "[channels, height, width] for images (e.g. [3, 32, 32]) or [features] for vectors (e.g. [784])";
        if (node is not YamlSequence sequence)
        {
            _diagnostics.Add(DiagnosticIds.InvalidInputShape, node.Span, $"input must be a list: {Expected}; got {node.Describe()}");
            return null;
        }

        if (sequence.Items.Count != 1 && sequence.Items.Count != 3)
        {
            _diagnostics.Add(DiagnosticIds.InvalidInputShape, node.Span,
                $"input has {sequence.Items.Count} dimensions, but it must be {Expected}; leave out the batch dimension");
            return null;
        }

        var dimensions = new List<long>();
        foreach (var item in sequence.Items)
        {
            if (item is not YamlScalar { IsPlain: true } scalar || !long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ||
                size < 1 || size > SpecLanguage.MaxSize)
            {
                var what = item is YamlScalar s ? $"'{s.Value}'" : item.Describe();
                _diagnostics.Add(DiagnosticIds.InvalidInputShape, item.Span,
                    $"input dimension {what} must be a whole number from 1 to {SpecLanguage.MaxSize.ToString("N0", CultureInfo.InvariantCulture)}; input is {Expected}");
                return null;
            }

            dimensions.Add(size);
        }

        return new ShapeValue(dimensions.ToEquatableArray(), node.Span);
    }

    /// <summary>
    /// A name must survive C#'s identifier normalisation unchanged: C# drops formatting characters from identifiers, so
    /// names that look different would clash, and bidirectional controls would reach generated code. Reports the
    /// character and where it is.
    /// </summary>
    private bool IsVisible(YamlScalar scalar, string id, string path)
    {
        var name = scalar.Value;
        if (Identifiers.FindHidden(name) is { } hidden)
        {
            var visible = new string(name.Where(c => !Identifiers.IsHidden(c)).ToArray());
            _diagnostics.Add(id, At(scalar, hidden.Index),
                $"{path} has {hidden.CodePoint} at character {hidden.Index + 1}, {hidden.Description}; remove it{(visible.Length > 0 ? $" ('{visible}')" : string.Empty)}");
            return false;
        }

        return true;
    }

    /// <summary>The position of character <paramref name="index"/> of a one-line scalar (after its opening quote, if any).</summary>
    private static SourceSpan At(YamlScalar scalar, int index)
    {
        var span = scalar.Span;
        if (span.StartLine != span.EndLine)
        {
            return span;
        }

        var offset = index + (scalar.IsPlain ? 0 : 1);
        return new SourceSpan(span.StartLine, span.StartColumn + offset, span.StartLine, span.StartColumn + offset + 1, span.StartIndex + offset, span.StartIndex + offset + 1);
    }

    private static bool LooksNumeric(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string DescribeRange(KeyInfo key)
    {
        string Format(double value) => value.ToString("#,0.########", CultureInfo.InvariantCulture);
        var integer = key.Kind is ValueKind.Integer or ValueKind.Pair or ValueKind.Padding;
        var lower = double.IsNegativeInfinity(key.Min) ? null : (key.MinExclusive ? "greater than " : "at least ") + Format(key.Min);
        var upper = double.IsPositiveInfinity(key.Max) ? null : (key.MaxExclusive ? "less than " : "at most ") + Format(key.Max);
        if (!key.MinExclusive && !key.MaxExclusive && lower is not null && upper is not null)
        {
            return $"{(integer ? "a whole number" : "a number")} from {Format(key.Min)} to {Format(key.Max)}";
        }

        return string.Join(" and ", new[] { lower, upper }.Where(s => s is not null));
    }

    internal static bool IsIdentifier(string text) =>
        SyntaxFacts.IsValidIdentifier(text) && SyntaxFacts.GetKeywordKind(text) == SyntaxKind.None;

    /// <summary>A valid identifier close to <paramref name="text"/>, for suggestions.</summary>
    internal static string ToIdentifier(string text, bool pascal)
    {
        var parts = new string(text.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Concat(parts.Select((p, i) =>
            i == 0 && !pascal ? char.ToLowerInvariant(p[0]) + p.Substring(1) : char.ToUpperInvariant(p[0]) + p.Substring(1)));
        if (joined.Length == 0)
        {
            return pascal ? "MyModel" : "layer1";
        }

        return char.IsDigit(joined[0]) || SyntaxFacts.GetKeywordKind(joined) != SyntaxKind.None ? "_" + joined : joined;
    }
}
