using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Compiler.Language;

/// <summary>
/// Writes the JSON Schema (draft-07, as yaml-language-server reads it) of <c>*.model.yaml</c> files from
/// <see cref="SpecLanguage"/>, so the editor's completion, hover and squiggles know exactly the sections, layer
/// types, keys, ranges, defaults and choices the generator knows. The output is deterministic (2-space indents,
/// "\n" newlines, a final newline); <c>schemas/modelgen.model.schema.json</c> is this text, checked by a test.
/// </summary>
/// <remarks>
/// The schema checks what a single value can get wrong (a name, a type, a range, an unknown key). What needs the
/// whole network (shapes, the number of classes, clashing names, C# keywords as names) is left to the build.
/// </remarks>
internal static class SpecSchema
{
    public const string DraftUri = "http://json-schema.org/draft-07/schema#";

    /// <summary>The schema as JSON text.</summary>
    public static string Write()
    {
        var builder = new StringBuilder();
        JsonText.Write(builder, BuildRoot(), 0);
        builder.Append('\n');
        return builder.ToString();
    }

    private static JsonObject BuildRoot()
    {
        var root = new JsonObject()
            .Add("$schema", DraftUri)
            .Add("title", "ModelGen model spec (*.model.yaml)")
            .Add("description", "A neural network for ModelGen: the build turns it into a typed TorchSharp module. Generated from the generator's spec language; do not edit by hand.")
            .Add("type", "object");

        var properties = new JsonObject();
        foreach (var key in SpecLanguage.RootKeys)
        {
            var schema =
                key == SpecKeys.Defaults ? Section(SpecLanguage.DefaultsKeys) :
                key == SpecKeys.Layers ? Layers() :
                key == SpecKeys.Training ? Training() :
                Value(key);
            properties.Add(key.Name, Describe(schema, key));
        }

        root.Add("properties", properties)
            .Add("required", RequiredNames(SpecLanguage.RootKeys))
            .Add("additionalProperties", false);

        var definitions = new JsonObject()
            .Add("layer", Tagged(SpecLanguage.Layers, "layer type", "A layer: its type alone (`- flatten`), or a one-key mapping from the type to its main setting (`- dropout: 0.25`) or to its settings (`- conv2d: {filters: 16, kernel: 3}`).", inline: false))
            .Add("activation", Tagged(SpecLanguage.Activations, "activation", "An activation: its name (`relu`), or a one-key mapping from the name to its argument (`{leaky_relu: 0.1}`) or settings (`{gelu: {approximate: tanh}}`).", inline: true))
            .Add("optimizer", Tagged(SpecLanguage.Optimizers, "optimizer", "An optimizer: its name (`adam`), or a one-key mapping from the name to its learning rate (`{adam: 0.0003}`) or settings (`{sgd: {lr: 0.01, momentum: 0.9}}`).", inline: false))
            .Add("schedule", Tagged(SpecLanguage.Schedules, "schedule", "A learning-rate schedule: its name (`constant`), or a one-key mapping from the name to its main setting (`{exponential: 0.9}`) or settings (`{step: {step_size: 10, gamma: 0.5}}`).", inline: false));
        root.Add("definitions", definitions);
        return root;
    }

    private static JsonObject Layers() =>
        new JsonObject()
            .Add("type", "array")
            .Add("minItems", 1)
            .Add("maxItems", SpecLimits.MaxLayers)
            .Add("items", Ref("layer"));

    private static JsonObject Training()
    {
        var properties = new JsonObject();
        foreach (var key in SpecLanguage.TrainingKeys)
        {
            var schema =
                key == SpecKeys.Optimizer ? Ref("optimizer") :
                key == SpecKeys.Schedule ? Ref("schedule") :
                key == SpecKeys.Normalize ? Section(SpecLanguage.NormalizeKeys) :
                SpecLanguage.CallbackSections.TryGetValue(key, out var callbackKeys) ? Section(callbackKeys) :
                key == SpecKeys.Augment ? TaggedMap(RecipeCatalogue.Augmentations) :
                key == SpecKeys.ParameterGroups ? TaggedMap(RecipeCatalogue.ParameterGroups) :
                key == SpecKeys.Ema ? RequiredSection(RecipeCatalogue.EmaKeys) :
                Value(key);
            properties.Add(key.Name, Describe(schema, key));
        }

        return new JsonObject()
            .Add("type", new JsonArray("object", "null"))
            .Add("properties", properties)
            .Add("additionalProperties", false);
    }

    /// <summary>A mapping of settings (<c>defaults:</c>, <c>normalize:</c>); empty means "all defaults".</summary>
    private static JsonObject Section(IReadOnlyList<KeyInfo> keys) =>
        new JsonObject()
            .Add("type", new JsonArray("object", "null"))
            .Add("properties", Properties(keys))
            .Add("additionalProperties", false);

    /// <summary>A mapping of settings with required keys (<c>ema: {decay: 0.999}</c>).</summary>
    private static JsonObject RequiredSection(IReadOnlyList<KeyInfo> keys) =>
        new JsonObject()
            .Add("type", "object")
            .Add("properties", Properties(keys))
            .Add("required", RequiredNames(keys))
            .Add("additionalProperties", false);

    private static JsonObject Properties(IEnumerable<KeyInfo> keys)
    {
        var properties = new JsonObject();
        foreach (var key in keys)
        {
            properties.Add(key.Name, Describe(Value(key), key));
        }

        return properties;
    }

    /// <summary>
    /// A layer, activation, optimizer or schedule: the bare name of a type that needs no setting, or a mapping with
    /// exactly one key, a type, whose value is empty (no setting needed), the main setting, or the settings.
    /// </summary>
    private static JsonObject Tagged(IReadOnlyList<TaggedInfo> catalogue, string noun, string description, bool inline)
    {
        var names = catalogue.Select(t => t.Name).ToList();
        var bare = catalogue.Where(t => !KeysOf(t, inline).Any(k => k.Required)).ToList();
        var needingSettings = names.Except(bare.Select(t => t.Name)).ToList();
        var unknownName = $"Unknown {noun}. Use one of: {string.Join(", ", names)}.";

        var alternatives = new JsonArray();
        if (bare.Count > 0)
        {
            // errorMessage (a yaml-language-server extension) replaces "Value is not accepted" with the whole story:
            // a misspelt name and a type that needs settings written alone both land here.
            alternatives.Add(new JsonObject()
                .Add("type", "string")
                .Add("description", $"A {noun} that needs no settings.")
                .Add("enum", new JsonArray(bare.Select(t => (object?)t.Name).ToArray()))
                .Add("enumDescriptions", new JsonArray(bare.Select(t => (object?)t.Description).ToArray()))
                .Add("markdownEnumDescriptions", new JsonArray(bare.Select(t => (object?)Markdown(t)).ToArray()))
                .Add("errorMessage", needingSettings.Count == 0
                    ? unknownName
                    : $"Not a {noun} that stands alone. Alone: {string.Join(", ", bare.Select(t => t.Name))}. Only with settings: {string.Join(", ", needingSettings)}."));
        }

        var properties = new JsonObject();
        foreach (var info in catalogue)
        {
            var body = Entry(info, KeysOf(info, inline));

            if (bare.Contains(info))
            {
                // Completion offers this type once, as the bare name from the enum above: offered as a key too, the
                // server would merge the two into 'flatten: ${1:flatten}'.
                body.Add("doNotSuggest", true);
            }

            properties.Add(info.Name, body);
        }

        alternatives.Add(new JsonObject()
            .Add("type", "object")
            .Add("description", $"A {noun} with its settings: a mapping with one key, the {noun}.")
            .Add("properties", properties)
            // The names are checked here, once, so a misspelt one gets one message that lists them all (completion
            // of names comes from 'properties'). additionalProperties {} counts the misspelt key as a property match,
            // which makes editors report this alternative's problem rather than "expected a string".
            .Add("propertyNames", new JsonObject()
                .Add("enum", new JsonArray(names.Select(n => (object?)n).ToArray()))
                .Add("errorMessage", unknownName)
                .Add("doNotSuggest", true))
            .Add("additionalProperties", new JsonObject())
            .Add("minProperties", 1)
            .Add("maxProperties", 1));

        return new JsonObject()
            .Add("description", description)
            .Add("anyOf", alternatives);
    }

    /// <summary>
    /// A mapping of named entries, each at most once, to their settings (<c>augment: {crop: 2, flip: random}</c>,
    /// <c>parameter_groups: {batch_norm: {weight_decay: 0}}</c>).
    /// </summary>
    private static JsonObject TaggedMap(IReadOnlyList<TaggedInfo> catalogue)
    {
        var properties = new JsonObject();
        foreach (var info in catalogue)
        {
            properties.Add(info.Name, Entry(info, info.Keys));
        }

        return new JsonObject()
            .Add("type", new JsonArray("object", "null"))
            .Add("properties", properties)
            .Add("additionalProperties", false);
    }

    /// <summary>The value of one named type or entry: its main setting, its settings, or nothing when nothing is required.</summary>
    private static JsonObject Entry(TaggedInfo info, IReadOnlyList<KeyInfo> keys)
    {
        // The main setting first, and an empty value last: yaml-language-server reports the first close alternative,
        // so 'leaky_relu: -1' gets "below the minimum" rather than "expected null or object".
        var values = new JsonArray();
        if (info.PrimaryKey is { } primaryName && info.FindKey(primaryName) is { } primary &&
            keys.Where(k => k.Required).All(k => k.Name == primaryName))
        {
            // The main setting stands alone only as a scalar: '- max_pool2d: [2, 3]' is an error, '- max_pool2d: 2' is not.
            values.Add(Describe(ScalarValue(primary), primary, $"The main setting of {info.Name}: {primary.Name}. "));
        }

        values.Add(new JsonObject()
            .Add("type", "object")
            .Add("properties", Properties(keys))
            .Add("required", RequiredNames(keys))
            .Add("additionalProperties", false));
        if (!keys.Any(k => k.Required))
        {
            values.Add(new JsonObject().Add("type", "null"));
        }

        var body = new JsonObject()
            .Add("title", info.Name)
            .Add("description", info.Description)
            .Add("markdownDescription", Markdown(info))
            .Add("anyOf", values);
        if (Example(info) is JsonObject example)
        {
            body.Add("examples", new JsonArray(example));
        }

        return body;
    }

    /// <summary>An inline activation (<c>activation: {elu: 1.0}</c>) has no <c>name</c> of its own.</summary>
    private static IReadOnlyList<KeyInfo> KeysOf(TaggedInfo info, bool inline) =>
        inline ? info.Keys.Where(k => k.Name != "name").ToList() : info.Keys;

    private static string Markdown(TaggedInfo info) =>
        info.Example.Length == 0 ? info.Description : $"{info.Description}\n\n```yaml\n{info.Example}\n```";

    /// <summary>
    /// The settings in the example of a type (<c>{filters: 32, kernel: 3}</c> of <c>- conv2d: {filters: 32, kernel: 3}</c>),
    /// when they are a mapping: a bare name or a main setting alone adds nothing to the enum and the descriptions.
    /// </summary>
    private static object? Example(TaggedInfo info)
    {
        if (info.Example.Length == 0)
        {
            return null;
        }

        var node = ReadExample(info.Example, info.Name);
        // Unwrap '- ...' (layers) and 'optimizer: ...' (training settings) down to '{type: settings}', then the settings.
        node = node is YamlSequence { Items.Count: 1 } sequence ? sequence.Items[0] : node;
        node = node is YamlMapping { Entries.Count: 1 } wrapper && wrapper.Entries[0].Key.Value != info.Name ? wrapper.Entries[0].Value : node;
        node = node is YamlMapping { Entries.Count: 1 } tagged && tagged.Entries[0].Key.Value == info.Name ? tagged.Entries[0].Value : null;
        return node is YamlMapping ? ToJson(node) : null;
    }

    /// <summary>An example from the catalogue as a YAML tree; one that does not parse is a bug in <see cref="SpecLanguage"/>.</summary>
    private static YamlNode ReadExample(string yaml, string owner) =>
        YamlTreeReader.Read(yaml, new DiagnosticBag("example.yaml"))
        ?? throw new InvalidOperationException($"the example of '{owner}' in SpecLanguage is not YAML: {yaml}");

    /// <summary>A YAML node as JSON, with YAML 1.2 core-schema scalars (what yaml-language-server sees).</summary>
    private static object? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMapping mapping:
                var result = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    result.Add(entry.Key.Value, ToJson(entry.Value));
                }

                return result;
            case YamlSequence sequence:
                return new JsonArray(sequence.Items.Select(ToJson).ToArray());
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { IsPlain: true, Value: "true" or "True" or "TRUE" }:
                return true;
            case YamlScalar { IsPlain: true, Value: "false" or "False" or "FALSE" }:
                return false;
            case YamlScalar { IsPlain: true } scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
                                                  !double.IsInfinity(number) && !double.IsNaN(number):
                return new JsonNumber(number);
            default:
                return ((YamlScalar)node).Value;
        }
    }

    /// <summary>The schema of a key's value.</summary>
    private static JsonObject Value(KeyInfo key)
    {
        switch (key.Kind)
        {
            case ValueKind.Integer:
            case ValueKind.Number:
                return Bounded(new JsonObject().Add("type", key.Kind == ValueKind.Integer ? "integer" : "number"), key);
            case ValueKind.Boolean:
                return new JsonObject().Add("type", "boolean");
            case ValueKind.Pair:
                return new JsonObject().Add("anyOf", new JsonArray(Integer(key), PairList(key)));
            case ValueKind.Padding:
                return new JsonObject().Add("anyOf", new JsonArray(PaddingMode(), Integer(key), PairList(key)));
            case ValueKind.Choice:
                return new JsonObject().Add("type", "string").Add("enum", new JsonArray(key.Choices!.Cast<object?>().ToArray()));
            case ValueKind.Activation:
                return Ref("activation");
            case ValueKind.Identifier:
            case ValueKind.Namespace:
                // C# names may use any Unicode letter and must not be keywords: the build checks that exactly.
                return new JsonObject().Add("type", "string").Add("minLength", 1).Add("maxLength", SpecLimits.MaxNameLength);
            case ValueKind.Shape:
                return new JsonObject()
                    .Add("type", "array")
                    .Add("items", new JsonObject().Add("type", "integer").Add("minimum", 1).Add("maximum", SpecLanguage.MaxSize))
                    .Add("anyOf", new JsonArray(
                        new JsonObject().Add("description", "[features]").Add("minItems", 1).Add("maxItems", 1),
                        new JsonObject().Add("description", "[channels, height, width]").Add("minItems", 3).Add("maxItems", 3)));
            case ValueKind.Numbers:
                var single = Bounded(new JsonObject().Add("type", "number"), key);
                return new JsonObject().Add("anyOf", new JsonArray(
                    single,
                    new JsonObject().Add("type", "array").Add("minItems", 1).Add("items", Bounded(new JsonObject().Add("type", "number"), key))));
            case ValueKind.Points:
                var point = new JsonObject()
                    .Add("type", "array").Add("minItems", 2).Add("maxItems", 2)
                    .Add("items", Bounded(new JsonObject().Add("type", "number"), key))
                    .Add("description", "[fraction of the run's steps, factor of lr]");
                return new JsonObject().Add("type", "array").Add("minItems", 2).Add("items", point);
            case ValueKind.Text:
                // Any scalar is read as its text.
                return new JsonObject().Add("type", new JsonArray("string", "number", "boolean"));
            default:
                throw Common.Unexpected.Value(key.Kind);
        }
    }

    /// <summary>The value of a main setting written alone, which must be a scalar.</summary>
    private static JsonObject ScalarValue(KeyInfo key) => key.Kind switch
    {
        ValueKind.Pair => Integer(key),
        ValueKind.Padding => new JsonObject().Add("anyOf", new JsonArray(PaddingMode(), Integer(key))),
        ValueKind.Numbers => Bounded(new JsonObject().Add("type", "number"), key),
        _ => Value(key),
    };

    private static JsonObject Integer(KeyInfo key) => Bounded(new JsonObject().Add("type", "integer"), key);

    private static JsonObject PairList(KeyInfo key) =>
        new JsonObject()
            .Add("type", "array")
            .Add("description", "[height, width]")
            .Add("items", Integer(key))
            .Add("minItems", 2)
            .Add("maxItems", 2);

    private static JsonObject PaddingMode() =>
        new JsonObject().Add("type", "string").Add("enum", new JsonArray(Choices.PaddingModes.Cast<object?>().ToArray()));

    private static JsonObject Bounded(JsonObject schema, KeyInfo key)
    {
        if (!double.IsNegativeInfinity(key.Min))
        {
            schema.Add(key.MinExclusive ? "exclusiveMinimum" : "minimum", key.Min);
        }

        if (!double.IsPositiveInfinity(key.Max))
        {
            schema.Add(key.MaxExclusive ? "exclusiveMaximum" : "maximum", key.Max);
        }

        return schema;
    }

    /// <summary>Adds a key's description, default and, for hover, a Markdown description naming the default.</summary>
    private static JsonObject Describe(JsonObject schema, KeyInfo key, string prefix = "")
    {
        var markdown = prefix + key.Description;
        if (key.Required && prefix.Length == 0)
        {
            markdown += "\n\nRequired.";
        }

        if (key.Default is { } text)
        {
            markdown += $"\n\nDefault: `{text}`.";
        }

        var described = new JsonObject().Add("title", key.Name).Add("description", prefix + key.Description);
        if (markdown != prefix + key.Description)
        {
            described.Add("markdownDescription", markdown);
        }

        if (key.Default is { } value)
        {
            described.Add("default", TypedDefault(key, value));
        }

        // Not on a main setting written alone: its example may be a list, which only the settings mapping takes.
        if (key.Example is { } example && prefix.Length == 0)
        {
            described.Add("examples", new JsonArray(ToJson(ReadExample(example, key.Name))));
        }

        foreach (var entry in schema.Entries)
        {
            described.Add(entry.Key, entry.Value);
        }

        return described;
    }

    /// <summary>A default as the JSON value an editor inserts: a number, a boolean or a string.</summary>
    private static object TypedDefault(KeyInfo key, string text)
    {
        switch (key.Kind)
        {
            case ValueKind.Integer:
            case ValueKind.Number:
            case ValueKind.Pair:
            case ValueKind.Numbers:
                return new JsonNumber(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case ValueKind.Boolean:
                return text == "true";
            case ValueKind.Padding when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return new JsonNumber(number);
            default:
                return text;
        }
    }

    private static JsonArray RequiredNames(IEnumerable<KeyInfo> keys) =>
        new(keys.Where(k => k.Required).Select(k => (object?)k.Name).ToArray());

    private static JsonObject Ref(string definition) => new JsonObject().Add("$ref", "#/definitions/" + definition);
}
