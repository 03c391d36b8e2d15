using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Compiler.Parsing;

/// <summary>
/// Turns a YAML tree into a <see cref="SpecSyntax"/>: checks structure, keys, value types and ranges against
/// <see cref="SpecLanguage"/> (values through <see cref="ValueParser"/>), and reports every problem at the node that
/// causes it. It keeps going after an error so one build shows as many mistakes as possible.
/// </summary>
internal sealed class SpecParser
{
    private readonly DiagnosticBag _diagnostics;
    private readonly ValueParser _values;

    private SpecParser(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _values = new ValueParser(diagnostics);
    }

    public static SpecSyntax? Parse(YamlNode? root, DiagnosticBag diagnostics) => new SpecParser(diagnostics).ParseRoot(root);

    private SpecSyntax? ParseRoot(YamlNode? root)
    {
        if (root is null || root is YamlScalar { IsNull: true })
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, root?.Span ?? SourceSpan.FileStart,
                "the spec file is empty; write at least 'model:', 'input:' and 'layers:' (see the README)");
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, root.Span,
                $"a spec is a mapping of keys (model:, input:, layers:, ...), not {root.Describe()}");
            return null;
        }

        var spec = new SpecSyntax();
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
            if (key == SpecKeys.Defaults)
            {
                ParseSection(value, SpecLanguage.DefaultsKeys, "defaults", spec.Defaults);
            }
            else if (key == SpecKeys.Layers)
            {
                ParseLayers(value, spec);
            }
            else if (key == SpecKeys.Training)
            {
                ParseTraining(value, spec);
            }
            else
            {
                Assign(spec, key, _values.Parse(key, value, key.Name));
            }
        }

        foreach (var required in SpecLanguage.RootKeys.Where(k => k.Required))
        {
            // A misspelt key ('input_shape:') already has an error that names the right key; do not add "missing".
            if (!mapping.Entries.Any(e => e.Key.Value == required.Name) && !suggested.Contains(required.Name))
            {
                _diagnostics.Add(DiagnosticIds.MissingValue, mapping.Span,
                    required == SpecKeys.Model ? "the spec has no 'model:' name; add one, e.g. 'model: Cifar10Cnn' (it becomes the C# class name)" :
                    required == SpecKeys.Input ? "the spec has no 'input:' shape; add one, e.g. 'input: [3, 32, 32]' for 3-channel 32x32 images" :
                    required == SpecKeys.Layers ? "the spec has no 'layers:' list; add the layers first to last, e.g. 'layers: [flatten, {dense: 10}]'" :
                    throw Common.Unexpected.Value(required.Name));
            }
        }

        return spec;
    }

    /// <summary>Stores a single-valued root key; a null value (already reported) leaves the spec without it.</summary>
    private static void Assign(SpecSyntax spec, KeyInfo key, SettingValue? value)
    {
        switch (value)
        {
            case null:
                return;
            case TextValue name when key == SpecKeys.Model:
                spec.Name = name;
                return;
            case TextValue ns when key == SpecKeys.Namespace:
                spec.Namespace = ns;
                return;
            case TextValue description when key == SpecKeys.Description:
                spec.Description = description.Value;
                return;
            case ShapeValue input when key == SpecKeys.Input:
                spec.Input = input;
                return;
            case IntegerValue classes when key == SpecKeys.Classes:
                spec.Classes = classes;
                return;
            default:
                throw Common.Unexpected.Value(key.Name);
        }
    }

    private void ParseLayers(YamlNode node, SpecSyntax spec)
    {
        if (node is not YamlSequence sequence)
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                $"'layers:' must be a list (one '- layer' per line), not {node.Describe()}");
            return;
        }

        if (sequence.Items.Count == 0)
        {
            _diagnostics.Add(DiagnosticIds.MissingValue, sequence.Span, "'layers:' is empty; a model needs at least one layer");
            return;
        }

        if (sequence.Items.Count > SpecLimits.MaxLayers)
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, sequence.Span,
                $"'layers:' lists {sequence.Items.Count:D} layers; ModelGen supports at most {SpecLimits.MaxLayers:D} (is an alias repeating a layer by mistake?)");
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

            spec.Layers.Add(new LayerSyntax(tagged, spec.Layers.Count));
        }
    }

    private void ParseTraining(YamlNode node, SpecSyntax spec)
    {
        if (node is not YamlMapping mapping)
        {
            if (node is not YamlScalar { IsNull: true })
            {
                _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"'training:' must be a mapping ({string.Join(", ", SpecLanguage.TrainingKeys.Select(k => k.Name + ":"))}), not {node.Describe()}");
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
                    _diagnostics.Add(DiagnosticIds.UnknownKey, entry.Key.Span,
                        $"unknown key '{entry.Key.Value}' in 'training:'; '{setting}' is a setting of the optimizer, so write it there, e.g. optimizer: {{{optimizer.Name}: {{{setting}: {optimizer.FindKey(setting)!.Default}}}}}");
                    continue;
                }

                ReportUnknownKey(entry.Key, SpecLanguage.TrainingKeys, "in 'training:'");
                continue;
            }

            if (key == SpecKeys.Optimizer)
            {
                spec.Optimizer = ParseTagged(entry.Value, SpecLanguage.Optimizers, "optimizer", DiagnosticIds.UnknownValue);
            }
            else if (key == SpecKeys.Schedule)
            {
                spec.Schedule = ParseTagged(entry.Value, SpecLanguage.Schedules, "schedule", DiagnosticIds.UnknownValue);
            }
            else if (key == SpecKeys.Normalize)
            {
                ParseSection(entry.Value, SpecLanguage.NormalizeKeys, "normalize", spec.Normalize);
            }
            else if (key == SpecKeys.Augment)
            {
                spec.AugmentSpan = entry.Key.Span;
                spec.Augment.AddRange(ParseTaggedMap(entry.Value, RecipeCatalogue.Augmentations, key.Name));
            }
            else if (key == SpecKeys.ParameterGroups)
            {
                spec.ParameterGroups.AddRange(ParseTaggedMap(entry.Value, RecipeCatalogue.ParameterGroups, key.Name));
            }
            else if (key == SpecKeys.Ema)
            {
                spec.EmaSpan = entry.Key.Span;
                var errorsBefore = ErrorCount;
                ParseSection(entry.Value, RecipeCatalogue.EmaKeys, key.Name, spec.Ema);
                if (ErrorCount == errorsBefore)
                {
                    // After an error (a misspelt key, a wrong value) a missing key would only repeat it.
                    ReportMissing(RecipeCatalogue.EmaKeys, spec.Ema, key.Name, entry.Key.Span);
                }
            }
            else if (SpecLanguage.CallbackSections.TryGetValue(key, out var callbackKeys))
            {
                var settings = new Settings();
                spec.Callbacks[key] = settings;
                ParseSection(entry.Value, callbackKeys, key.Name, settings);
            }
            else if (_values.Parse(key, entry.Value, key.Name) is { } value)
            {
                spec.Training.Set(key, value);
            }
        }
    }

    /// <summary>A required key of a plain section that was not written (a misspelt one has its own error).</summary>
    private void ReportMissing(IReadOnlyList<KeyInfo> keys, Settings section, string name, SourceSpan span)
    {
        foreach (var key in keys.Where(k => k.Required && !section.Has(k)))
        {
            _diagnostics.Add(DiagnosticIds.MissingValue, span,
                $"'{name}:' needs '{key.Name}' ({char.ToLowerInvariant(key.Description[0])}{key.Description.Substring(1).TrimEnd('.')}); e.g. {name}: {{{key.Name}: {key.Example}}}");
        }
    }

    private void ParseSection(YamlNode node, IReadOnlyList<KeyInfo> keys, string section, Settings into)
    {
        if (node is not YamlMapping mapping)
        {
            if (node is not YamlScalar { IsNull: true })
            {
                _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
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

            if (_values.Parse(key, entry.Value, $"{section}.{key.Name}") is { } value)
            {
                into.Set(key, value);
            }
        }
    }

    /// <summary>
    /// Reads a named entry with settings: <c>relu</c>, <c>{dense: 256}</c> or <c>{dense: {units: 256}}</c>.
    /// </summary>
    private TaggedSyntax? ParseTagged(YamlNode node, IReadOnlyList<TaggedInfo> catalogue, string what, string unknownId)
    {
        var errorsBefore = ErrorCount;
        YamlScalar typeNode;
        YamlNode? argument = null;
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                _diagnostics.Add(DiagnosticIds.MissingValue, node.Span, $"an empty {what}; write its type, e.g. {catalogue[0].Example}");
                return null;
            case YamlScalar scalar:
                typeNode = scalar;
                break;
            case YamlMapping { Entries.Count: 1 } single:
                typeNode = single.Entries[0].Key;
                argument = single.Entries[0].Value;
                break;
            case YamlMapping { Entries.Count: 0 }:
                _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span, $"an empty {what}; write its type, e.g. {catalogue[0].Example}");
                return null;
            case YamlMapping many:
                ReportManyKeys(many, catalogue, what);
                return null;
            default:
                _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"a {what} is a name or a one-key mapping from its name to its settings, not {node.Describe()}");
                return null;
        }

        var info = catalogue.FirstOrDefault(t => t.Name == typeNode.Value);
        if (info is null)
        {
            var kinds = what == "layer" ? "layer type" : what;
            _diagnostics.Add(unknownId, typeNode.Span,
                $"unknown {kinds} '{typeNode.Value}'{Suggestions.DidYouMean(typeNode.Value, catalogue.Select(t => t.Name))}");
            return null;
        }

        return ParseTaggedSettings(info, typeNode, argument, node, errorsBefore);
    }

    /// <summary>
    /// Reads a section whose keys name entries of a catalogue, each with its settings: <c>augment: {crop: 4, flip: random}</c>.
    /// </summary>
    private List<TaggedSyntax> ParseTaggedMap(YamlNode node, IReadOnlyList<TaggedInfo> catalogue, string section)
    {
        var entries = new List<TaggedSyntax>();
        if (node is not YamlMapping mapping)
        {
            if (node is not YamlScalar { IsNull: true })
            {
                _diagnostics.Add(DiagnosticIds.InvalidStructure, node.Span,
                    $"'{section}:' must be a mapping of {string.Join(", ", catalogue.Select(t => t.Name))} to their settings, e.g. {section}: {{{catalogue[0].Example}}}; not {node.Describe()}");
            }

            return entries;
        }

        foreach (var entry in mapping.Entries)
        {
            var info = catalogue.FirstOrDefault(t => t.Name == entry.Key.Value);
            if (info is null)
            {
                _diagnostics.Add(DiagnosticIds.UnknownKey, entry.Key.Span,
                    $"unknown key '{entry.Key.Value}' in '{section}:'{Suggestions.DidYouMean(entry.Key.Value, catalogue.Select(t => t.Name))}");
                continue;
            }

            if (ParseTaggedSettings(info, entry.Key, entry.Value, entry.Value, ErrorCount) is { } tagged)
            {
                entries.Add(tagged);
            }
        }

        return entries;
    }

    /// <summary>The settings of a named entry: none, its primary setting's value, or a mapping of its keys.</summary>
    private TaggedSyntax? ParseTaggedSettings(TaggedInfo info, YamlScalar typeNode, YamlNode? argument, YamlNode node, int errorsBefore)
    {
        var tagged = new TaggedSyntax(info, typeNode.Span, node.Span);

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
            case YamlSequence when info.PrimaryKey is not null && info.FindKey(info.PrimaryKey)!.Kind == ValueKind.Points:
                // A list is a main setting only where the main setting is a list of points (piecewise_linear).
                mentioned.Add(info.PrimaryKey);
                ReadSetting(tagged, info.FindKey(info.PrimaryKey)!, argument);
                break;
            default:
                var example = info.Example.Length > 0 ? $", e.g. {info.Example}" : string.Empty;
                _diagnostics.Add(DiagnosticIds.WrongType, argument.Span,
                    $"{info.Name} takes a mapping of settings ({string.Join(", ", info.Keys.Select(k => k.Name))}), not {argument.Describe()}{example}");
                return null;
        }

        foreach (var key in info.Keys.Where(k => k.Required && !tagged.Settings.Has(k) && !mentioned.Contains(k.Name)))
        {
            _diagnostics.Add(DiagnosticIds.MissingValue, typeNode.Span,
                $"{info.Name} needs '{key.Name}' ({char.ToLowerInvariant(key.Description[0])}{key.Description.Substring(1).TrimEnd('.')}); e.g. {info.Example}");
        }

        tagged.HasErrors = ErrorCount > errorsBefore;
        return tagged;
    }

    private void ReadSetting(TaggedSyntax tagged, KeyInfo key, YamlNode node)
    {
        var value = key.Kind == ValueKind.Activation
            ? ParseActivation(node)
            : _values.Parse(key, node, $"{tagged.Info.Name}.{key.Name}");
        if (value is not null)
        {
            tagged.Settings.Set(key, value);
        }
    }

    private ActivationValue? ParseActivation(YamlNode node)
    {
        var activation = ParseTagged(node, SpecLanguage.Activations, "activation", DiagnosticIds.UnknownValue);
        if (activation is null)
        {
            return null;
        }

        if (activation.Settings.Get<TextValue>(LayerKeys.Name) is { } name)
        {
            _diagnostics.Add(DiagnosticIds.UnknownKey, name.Span,
                "an inline activation has no name of its own; remove 'name:' or make the activation a layer of its own");
        }

        return new ActivationValue(activation, node.Span);
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
            _diagnostics.Add(DiagnosticIds.InvalidStructure, stray.Span,
                $"'{stray.Value}' sits beside '{info.Name}' instead of under it; indent the settings of {info.Name} two more spaces, or write {info.Example}");
        }
        else if (typeEntry.Key is not null && typeEntry.Value is YamlScalar typeName)
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, typeEntry.Key.Span,
                $"write a {what} as '- {typeName.Value}: {{settings}}' rather than with 'type: {typeName.Value}'");
        }
        else
        {
            _diagnostics.Add(DiagnosticIds.InvalidStructure, first.Span,
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
        _diagnostics.Add(DiagnosticIds.UnknownKey, key.Span,
            $"unknown key '{key.Value}' {where}{Suggestions.DidYouMean(key.Value, names)}");
        return Suggestions.Nearest(key.Value, names);
    }

    private int ErrorCount => _diagnostics.ErrorCount;
}
