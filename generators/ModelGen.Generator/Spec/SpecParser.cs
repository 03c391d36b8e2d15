using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Spec.Yaml;

namespace ModelGen.Generator.Spec;

/// <summary>
/// Turns a YAML tree into a <see cref="ModelSpec"/>: checks structure, keys, value types and ranges
/// against <see cref="SpecLanguage"/>, and reports every problem at the node that causes it. It keeps
/// going after an error so one build shows as many mistakes as possible.
/// </summary>
internal sealed class SpecParser
{
    /// <summary>Far beyond any readable name, and well within what .NET metadata allows (1,023 UTF-8 bytes).</summary>
    private const int MaxNameLength = 255;

    /// <summary>A sequential network this long is a mistake (or an alias bomb); its generated code would take minutes to compile.</summary>
    private const int MaxLayers = 1000;

    private readonly DiagnosticBag diagnostics;

    private SpecParser(DiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public static ModelSpec? Parse(YamlNode? root, DiagnosticBag diagnostics) => new SpecParser(diagnostics).ParseRoot(root);

    private ModelSpec? ParseRoot(YamlNode? root)
    {
        if (root is null || root is YamlScalar { IsNull: true })
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, root?.Span ?? SourceSpan.FileStart,
                "the spec file is empty; write at least 'model:', 'input:' and 'layers:' (see the README)");
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, root.Span,
                $"a spec is a mapping of keys (model:, input:, layers:, ...), not {root.Describe()}");
            return null;
        }

        var spec = new ModelSpec();
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var key = SpecLanguage.RootKeys.FirstOrDefault(k => k.Name == entry.Key.Value);
            if (key is null)
            {
                if (ReportUnknownKey(entry.Key, SpecLanguage.RootKeys, "at the top level of a spec") is { } suggestion)
                {
                    suggested.Add(suggestion);
                }

                continue;
            }

            var value = entry.Value;
            switch (key.Name)
            {
                case "model":
                    spec.Name = ParseValue(key, value, "model");
                    break;
                case "namespace":
                    spec.Namespace = ParseValue(key, value, "namespace");
                    break;
                case "description":
                    spec.Description = ParseValue(key, value, "description")?.Text;
                    break;
                case "input":
                    spec.Input = ParseValue(key, value, "input");
                    break;
                case "classes":
                    spec.Classes = ParseValue(key, value, "classes");
                    break;
                case "defaults":
                    spec.DefaultsSpan = entry.Key.Span;
                    ParseSection(value, SpecLanguage.DefaultsKeys, "defaults", spec.Defaults);
                    break;
                case "layers":
                    spec.LayersSpan = entry.Key.Span;
                    ParseLayers(value, spec);
                    break;
                case "training":
                    spec.TrainingSpan = entry.Key.Span;
                    ParseTraining(value, spec);
                    break;
            }
        }

        foreach (var required in SpecLanguage.RootKeys.Where(k => k.Required))
        {
            // A misspelt key ('input_shape:') already has an error that names the right key; do not add "missing".
            if (!mapping.Entries.Any(e => e.Key.Value == required.Name) && !suggested.Contains(required.Name))
            {
                diagnostics.Add(DiagnosticIds.MissingValue, mapping.Span, required.Name switch
                {
                    "model" => "the spec has no 'model:' name; add one, e.g. 'model: Cifar10Cnn' (it becomes the C# class name)",
                    "input" => "the spec has no 'input:' shape; add one, e.g. 'input: [3, 32, 32]' for 3-channel 32x32 images",
                    _ => "the spec has no 'layers:' list; add the layers first to last, e.g. 'layers: [flatten, {dense: 10}]'",
                });
            }
        }

        return spec;
    }

    private void ParseLayers(YamlNode node, ModelSpec spec)
    {
        if (node is not YamlSequence sequence)
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                $"'layers:' must be a list (one '- layer' per line), not {node.Describe()}");
            return;
        }

        if (sequence.Items.Count == 0)
        {
            diagnostics.Add(DiagnosticIds.MissingValue, sequence.Span, "'layers:' is empty; a model needs at least one layer");
            return;
        }

        if (sequence.Items.Count > MaxLayers)
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, sequence.Span,
                $"'layers:' lists {sequence.Items.Count:D} layers; ModelGen supports at most {MaxLayers:D} (is an alias repeating a layer by mistake?)");
            return;
        }

        foreach (var item in sequence.Items)
        {
            var tagged = ParseTagged(item, SpecLanguage.Layers, "layer", DiagnosticIds.UnknownLayerType);
            if (tagged is null || tagged.HasErrors)
            {
                spec.IncompleteAt ??= spec.Layers.Count;
            }

            if (tagged is null)
            {
                continue;
            }

            var layer = new LayerSpec(tagged, spec.Layers.Count);
            if (tagged.Values.TryGetValue("activation", out var activation))
            {
                layer.Activation = (TaggedSpec)activation.Value;
            }

            spec.Layers.Add(layer);
        }
    }

    private void ParseTraining(YamlNode node, ModelSpec spec)
    {
        if (node is not YamlMapping mapping)
        {
            if (node is not YamlScalar { IsNull: true })
            {
                diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"'training:' must be a mapping (optimizer:, schedule:, loss:, batch_size:, epochs:), not {node.Describe()}");
            }

            return;
        }

        foreach (var entry in mapping.Entries)
        {
            var key = SpecLanguage.TrainingKeys.FirstOrDefault(k => k.Name == entry.Key.Value);
            if (key is null)
            {
                if (OptimizerSetting(entry.Key.Value) is { } setting)
                {
                    // 'lr:' or 'momentum:' straight under training: belongs to the optimizer.
                    var optimizer = SpecLanguage.Optimizers.OrderBy(o => o.Name == "adam" ? 0 : 1).First(o => o.FindKey(setting) is not null);
                    diagnostics.Add(DiagnosticIds.UnknownKey, entry.Key.Span,
                        $"unknown key '{entry.Key.Value}' in 'training:'; '{setting}' is a setting of the optimizer, so write it there, e.g. optimizer: {{{optimizer.Name}: {{{setting}: {optimizer.FindKey(setting)!.Default}}}}}");
                    continue;
                }

                ReportUnknownKey(entry.Key, SpecLanguage.TrainingKeys, "in 'training:'");
                continue;
            }

            switch (key.Name)
            {
                case "optimizer":
                    spec.Optimizer = ParseTagged(entry.Value, SpecLanguage.Optimizers, "optimizer", DiagnosticIds.UnknownValue);
                    break;
                case "schedule":
                    spec.Schedule = ParseTagged(entry.Value, SpecLanguage.Schedules, "schedule", DiagnosticIds.UnknownValue);
                    break;
                case "normalize":
                    ParseSection(entry.Value, SpecLanguage.NormalizeKeys, "normalize", spec.Normalize);
                    break;
                default:
                    var value = ParseValue(key, entry.Value, key.Name);
                    if (value is not null)
                    {
                        spec.Training[key.Name] = value;
                    }

                    break;
            }
        }
    }

    private void ParseSection(YamlNode node, IReadOnlyList<KeyInfo> keys, string section, Dictionary<string, SpecValue> into)
    {
        if (node is not YamlMapping mapping)
        {
            if (node is not YamlScalar { IsNull: true })
            {
                diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"'{section}:' must be a mapping of settings ({string.Join(", ", keys.Select(k => k.Name))}), not {node.Describe()}");
            }

            return;
        }

        foreach (var entry in mapping.Entries)
        {
            var key = keys.FirstOrDefault(k => k.Name == entry.Key.Value);
            if (key is null)
            {
                ReportUnknownKey(entry.Key, keys, $"in '{section}:'");
                continue;
            }

            var value = ParseValue(key, entry.Value, $"{section}.{key.Name}");
            if (value is not null)
            {
                into[key.Name] = value;
            }
        }
    }

    /// <summary>
    /// Reads a named entry with settings: <c>relu</c>, <c>{dense: 256}</c> or <c>{dense: {units: 256}}</c>.
    /// </summary>
    private TaggedSpec? ParseTagged(YamlNode node, IReadOnlyList<TaggedInfo> catalogue, string what, string unknownId)
    {
        var errorsBefore = ErrorCount;
        YamlScalar typeNode;
        YamlNode? argument = null;
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"an empty {what}; write its type, e.g. {catalogue[0].Example}");
                return null;
            case YamlScalar scalar:
                typeNode = scalar;
                break;
            case YamlMapping { Entries.Count: 1 } single:
                typeNode = single.Entries[0].Key;
                argument = single.Entries[0].Value;
                break;
            case YamlMapping { Entries.Count: 0 }:
                diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span, $"an empty {what}; write its type, e.g. {catalogue[0].Example}");
                return null;
            case YamlMapping many:
                ReportManyKeys(many, catalogue, what);
                return null;
            default:
                diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"a {what} is a name or a one-key mapping from its name to its settings, not {node.Describe()}");
                return null;
        }

        var info = catalogue.FirstOrDefault(t => t.Name == typeNode.Value);
        if (info is null)
        {
            var kinds = what == "layer" ? "layer type" : what;
            diagnostics.Add(unknownId, typeNode.Span,
                $"unknown {kinds} '{typeNode.Value}'{Suggestions.DidYouMean(typeNode.Value, catalogue.Select(t => t.Name))}");
            return null;
        }

        var tagged = new TaggedSpec(info, typeNode.Span, node.Span);

        // Keys that were written, even with a wrong value, or that a misspelt key's error already suggests: a missing
        // value error for them would repeat that error and claim the key is absent.
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        switch (argument)
        {
            case null:
            case YamlScalar { IsNull: true }:
                break;
            case YamlMapping settings:
                foreach (var entry in settings.Entries)
                {
                    var key = info.FindKey(entry.Key.Value);
                    if (key is null)
                    {
                        if (ReportUnknownKey(entry.Key, info.Keys, $"for {info.Name}") is { } suggestion)
                        {
                            mentioned.Add(suggestion);
                        }

                        continue;
                    }

                    mentioned.Add(key.Name);
                    ReadSetting(tagged, key, entry.Value);
                }

                break;
            case YamlScalar when info.PrimaryKey is not null:
                mentioned.Add(info.PrimaryKey);
                ReadSetting(tagged, info.FindKey(info.PrimaryKey)!, argument);
                break;
            default:
                var example = info.Example.Length > 0 ? $", e.g. {info.Example}" : string.Empty;
                diagnostics.Add(DiagnosticIds.WrongType, argument.Span,
                    $"{info.Name} takes a mapping of settings ({string.Join(", ", info.Keys.Select(k => k.Name))}), not {argument.Describe()}{example}");
                return null;
        }

        foreach (var key in info.Keys.Where(k => k.Required && !tagged.Values.ContainsKey(k.Name) && !mentioned.Contains(k.Name)))
        {
            diagnostics.Add(DiagnosticIds.MissingValue, typeNode.Span,
                $"{info.Name} needs '{key.Name}' ({char.ToLowerInvariant(key.Description[0])}{key.Description.Substring(1).TrimEnd('.')}); e.g. {info.Example}");
        }

        tagged.HasErrors = ErrorCount > errorsBefore;
        return tagged;
    }

    private void ReadSetting(TaggedSpec tagged, KeyInfo key, YamlNode node)
    {
        var value = key.Kind == ValueKind.Activation
            ? ParseActivation(node)
            : ParseValue(key, node, $"{tagged.Info.Name}.{key.Name}");
        if (value is not null)
        {
            tagged.Values[key.Name] = value;
        }
    }

    private SpecValue? ParseActivation(YamlNode node)
    {
        var activation = ParseTagged(node, SpecLanguage.Activations, "activation", DiagnosticIds.UnknownValue);
        if (activation is null)
        {
            return null;
        }

        if (activation.Values.TryGetValue("name", out var name))
        {
            diagnostics.Add(DiagnosticIds.UnknownKey, name.Span,
                "an inline activation has no name of its own; remove 'name:' or make the activation a layer of its own");
        }

        return new SpecValue(activation, node.Span);
    }

    /// <summary>A layer written as several keys at one level, most often settings that lost their indentation.</summary>
    private void ReportManyKeys(YamlMapping mapping, IReadOnlyList<TaggedInfo> catalogue, string what)
    {
        var first = mapping.Entries[0].Key;
        var typeEntry = mapping.Entries.FirstOrDefault(e => e.Key.Value == "type");
        var info = catalogue.FirstOrDefault(t => t.Name == first.Value);
        if (info is not null)
        {
            var stray = mapping.Entries[1].Key;
            diagnostics.Add(DiagnosticIds.InvalidStructure, stray.Span,
                $"'{stray.Value}' sits beside '{info.Name}' instead of under it; indent the settings of {info.Name} two more spaces, or write {info.Example}");
        }
        else if (typeEntry.Key is not null && typeEntry.Value is YamlScalar typeName)
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, typeEntry.Key.Span,
                $"write a {what} as '- {typeName.Value}: {{settings}}' rather than with 'type: {typeName.Value}'");
        }
        else
        {
            diagnostics.Add(DiagnosticIds.InvalidStructure, first.Span,
                $"a {what} is a one-key mapping from its type to its settings, e.g. {catalogue[0].Example}; this one has the keys {string.Join(", ", mapping.Entries.Select(e => e.Key.Value))}");
        }
    }

    /// <summary>The optimizer setting a key names (<c>lr</c>, or a synonym such as <c>learning_rate</c>), if any.</summary>
    private static string? OptimizerSetting(string key) =>
        Suggestions.Nearest(key, SpecLanguage.Optimizers.SelectMany(o => o.Keys).Select(k => k.Name).Distinct().ToList()) is { } nearest &&
        (nearest == key || (SpecLanguage.Synonyms.TryGetValue(key, out var synonym) && synonym == nearest))
            ? nearest
            : null;

    /// <summary>Reports an unknown key and returns the known key it suggests, if any.</summary>
    private string? ReportUnknownKey(YamlScalar key, IEnumerable<KeyInfo> known, string where)
    {
        var names = known.Select(k => k.Name).ToList();
        diagnostics.Add(DiagnosticIds.UnknownKey, key.Span,
            $"unknown key '{key.Value}' {where}{Suggestions.DidYouMean(key.Value, names)}");
        return Suggestions.Nearest(key.Value, names);
    }

    private int ErrorCount => diagnostics.ErrorCount;

    private SpecValue? ParseValue(KeyInfo key, YamlNode node, string path)
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
                if (node is YamlScalar { IsPlain: true } mode && (mode.Value == PaddingSpec.Same || mode.Value == PaddingSpec.Valid))
                {
                    return new SpecValue(new PaddingSpec(mode.Value, default), node.Span);
                }

                if (node is YamlScalar { IsPlain: true } word && !LooksNumeric(word.Value))
                {
                    diagnostics.Add(DiagnosticIds.UnknownValue, node.Span,
                        $"unknown padding '{word.Value}' for {path}{Suggestions.DidYouMean(word.Value, new[] { PaddingSpec.Same, PaddingSpec.Valid })} (or give a number of rows/columns)");
                    return null;
                }

                var pair = ParsePair(key, node, path);
                return pair is null ? null : new SpecValue(new PaddingSpec(PaddingSpec.ExplicitMode, pair.Pair), node.Span);
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
            default:
                if (node is YamlScalar text && !text.IsNull)
                {
                    return new SpecValue(text.Value, node.Span);
                }

                diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} must be text, not {node.Describe()}");
                return null;
        }
    }

    private SpecValue? ParseNumber(KeyInfo key, YamlNode node, string path)
    {
        var wanted = key.Kind == ValueKind.Integer ? "a whole number" : "a number";
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            diagnostics.Add(node is YamlScalar ? DiagnosticIds.MissingValue : DiagnosticIds.WrongType, node.Span,
                $"{path} needs {wanted}, not {node.Describe()}");
            return null;
        }

        if (!scalar.IsPlain)
        {
            var hint = LooksNumeric(scalar.Value) ? " (remove the quotes)" : string.Empty;
            diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs {wanted}, not the text '{scalar.Value}'{hint}");
            return null;
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ||
            double.IsNaN(number))
        {
            diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs {wanted}, not '{scalar.Value}'");
            return null;
        }

        if (key.Kind == ValueKind.Integer && (Math.Floor(number) != number || scalar.Value.Contains(".")))
        {
            diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs a whole number, not {scalar.Value}");
            return null;
        }

        var tooSmall = key.MinExclusive ? number <= key.Min : number < key.Min;
        var tooLarge = key.MaxExclusive ? number >= key.Max : number > key.Max;
        if (tooSmall || tooLarge || double.IsInfinity(number))
        {
            diagnostics.Add(DiagnosticIds.OutOfRange, node.Span, $"{path} is {scalar.Value}, but it must be {DescribeRange(key)}");
            return null;
        }

        return key.Kind == ValueKind.Integer
            ? new SpecValue((long)number, node.Span)
            : new SpecValue(number, node.Span);
    }

    /// <summary>One number, or a non-empty list of numbers; the value is always a list.</summary>
    private SpecValue? ParseNumbers(KeyInfo key, YamlNode node, string path)
    {
        var number = key with { Kind = ValueKind.Number };
        if (node is not YamlSequence sequence)
        {
            var single = ParseNumber(number, node, path);
            return single is null ? null : new SpecValue(EquatableArray.Create(single.Number), node.Span);
        }

        if (sequence.Items.Count == 0)
        {
            diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"{path} is an empty list; give one number, or one per channel");
            return null;
        }

        var values = new List<double>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = ParseNumber(number, sequence.Items[i], $"{path}[{i}]");
            if (item is null)
            {
                return null;
            }

            values.Add(item.Number);
        }

        return new SpecValue(values.ToEquatableArray(), node.Span);
    }

    private SpecValue? ParseBoolean(YamlNode node, string path)
    {
        if (node is YamlScalar { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true":
                case "True":
                case "TRUE":
                    return new SpecValue(true, node.Span);
                case "false":
                case "False":
                case "FALSE":
                    return new SpecValue(false, node.Span);
            }
        }

        diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs true or false, not {node.Describe()}");
        return null;
    }

    private SpecValue? ParsePair(KeyInfo key, YamlNode node, string path)
    {
        if (node is YamlSequence sequence)
        {
            if (sequence.Items.Count != 2)
            {
                diagnostics.Add(DiagnosticIds.WrongType, node.Span,
                    $"{path} needs one number or two ([height, width]), not a list of {sequence.Items.Count}");
                return null;
            }

            var height = ParseNumber(key with { Kind = ValueKind.Integer }, sequence.Items[0], path + "[0]");
            var width = ParseNumber(key with { Kind = ValueKind.Integer }, sequence.Items[1], path + "[1]");
            return height is null || width is null ? null : new SpecValue(new Pair(height.Integer, width.Integer), node.Span);
        }

        var single = ParseNumber(key with { Kind = ValueKind.Integer }, node, path);
        return single is null ? null : new SpecValue(new Pair(single.Integer, single.Integer), node.Span);
    }

    private SpecValue? ParseChoice(KeyInfo key, YamlNode node, string path)
    {
        var choices = key.Choices!;
        if (node is YamlScalar scalar && !scalar.IsNull)
        {
            if (choices.Contains(scalar.Value))
            {
                return new SpecValue(scalar.Value, node.Span);
            }

            diagnostics.Add(DiagnosticIds.UnknownValue, node.Span,
                $"unknown value '{scalar.Value}' for {path}{Suggestions.DidYouMean(scalar.Value, choices)}");
            return null;
        }

        diagnostics.Add(DiagnosticIds.WrongType, node.Span, $"{path} needs one of {string.Join(", ", choices)}, not {node.Describe()}");
        return null;
    }

    private SpecValue? ParseIdentifier(YamlNode node, string path)
    {
        var isModel = path == "model";
        var id = isModel ? DiagnosticIds.InvalidModelName : DiagnosticIds.InvalidLayerName;
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"{path} needs a name, not {node.Describe()}");
            return null;
        }

        if (scalar.Value.Length > MaxNameLength)
        {
            diagnostics.Add(id, node.Span, $"{path} is {scalar.Value.Length} characters long; keep names to at most {MaxNameLength}");
            return null;
        }

        if (!IsIdentifier(scalar.Value))
        {
            var suggestion = ToIdentifier(scalar.Value, pascal: isModel);
            diagnostics.Add(id, node.Span,
                $"'{scalar.Value}' is not a valid C# identifier (letters, digits and '_', not starting with a digit, not a keyword); try '{suggestion}'");
            return null;
        }

        return new SpecValue(scalar.Value, node.Span);
    }

    private SpecValue? ParseNamespace(YamlNode node)
    {
        if (node is YamlScalar scalar && !scalar.IsNull)
        {
            if (scalar.Value.Length > MaxNameLength)
            {
                diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span, $"the namespace is {scalar.Value.Length} characters long; keep it to at most {MaxNameLength}");
                return null;
            }

            if (scalar.Value.Split('.').All(IsIdentifier))
            {
                return new SpecValue(scalar.Value, node.Span);
            }

            diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span,
                $"'{scalar.Value}' is not a valid C# namespace; use dot-separated identifiers, e.g. 'MyCompany.Models'");
            return null;
        }

        diagnostics.Add(DiagnosticIds.InvalidNamespace, node.Span, $"namespace needs a dotted name like 'MyCompany.Models', not {node.Describe()}");
        return null;
    }

    private SpecValue? ParseShape(YamlNode node)
    {
        const string Expected = "[channels, height, width] for images (e.g. [3, 32, 32]) or [features] for vectors (e.g. [784])";
        if (node is not YamlSequence sequence)
        {
            diagnostics.Add(DiagnosticIds.InvalidInputShape, node.Span, $"input must be a list: {Expected}; got {node.Describe()}");
            return null;
        }

        if (sequence.Items.Count != 1 && sequence.Items.Count != 3)
        {
            diagnostics.Add(DiagnosticIds.InvalidInputShape, node.Span,
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
                diagnostics.Add(DiagnosticIds.InvalidInputShape, item.Span,
                    $"input dimension {what} must be a whole number from 1 to {SpecLanguage.MaxSize.ToString("N0", CultureInfo.InvariantCulture)}; input is {Expected}");
                return null;
            }

            dimensions.Add(size);
        }

        return new SpecValue(dimensions.ToEquatableArray(), node.Span);
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
