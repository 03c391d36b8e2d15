using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Parsing;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Schema.Tests;

/// <summary>
/// The schema in <c>schemas/</c> is <see cref="SpecSchema.Write"/>'s output, covers the spec language exactly
/// (both ways), accepts every spec in <c>models/</c>, and rejects what the parser rejects for a single value.
/// </summary>
public partial class SchemaTests
{
    public const string AcceptVariable = "MODELGEN_ACCEPT_SNAPSHOTS";

    private const string Modeline = "# yaml-language-server: $schema=../schemas/modelgen.model.schema.json";

    private static readonly string Text = SpecSchema.Write();

    private static readonly JsonElement Schema = JsonDocument.Parse(Text).RootElement;

    private static readonly MiniSchemaValidator Validator = new(Schema);

    [Fact]
    public void Committed_schema_is_the_generated_schema_byte_for_byte()
    {
        var committed = Path.Combine(RepositoryRoot(), "schemas", "modelgen.model.schema.json");
        var received = Path.Combine(RepositoryRoot(), "schemas", "modelgen.model.schema.received.json");
        var expected = File.Exists(committed) ? File.ReadAllBytes(committed) : null;
        var actual = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Text);
        if (expected is not null && expected.AsSpan().SequenceEqual(actual))
        {
            File.Delete(received);
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable(AcceptVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllBytes(committed, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllBytes(received, actual);
        Assert.Fail($"{committed} is not what SpecSchema.Write() generates (the spec language changed?). Compare it with {received}; " +
                    $"if the change is intended, rename the received file over it, or run the tests with {AcceptVariable}=true.");
    }

    [Fact]
    public void Schema_text_is_deterministic_two_space_indented_with_unix_newlines()
    {
        Assert.Equal(Text, SpecSchema.Write());
        Assert.DoesNotContain("\r", Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\t", Text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", Text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n", Text, StringComparison.Ordinal);
        Assert.All(Text.Split('\n'), line => Assert.Equal(0, (line.Length - line.TrimStart(' ').Length) % 2));

        // Indented exactly as System.Text.Json writes it, so the file is what any JSON tool would print.
        var reformatted = JsonSerializer.Serialize(Schema, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).Replace("\r\n", "\n") + "\n";
        Assert.Equal(reformatted, Text);
    }

    [Fact]
    public void Schema_uses_only_keywords_the_test_validator_implements()
    {
        foreach (var (schema, where) in Subschemas(Schema, "$"))
        {
            foreach (var keyword in schema.EnumerateObject())
            {
                Assert.True(MiniSchemaValidator.Annotations.Contains(keyword.Name) || MiniSchemaValidator.Assertions.Contains(keyword.Name),
                    $"{where} uses '{keyword.Name}'");
            }
        }
    }

    [Fact]
    public void Every_key_has_a_description_and_a_typed_default()
    {
        foreach (var (schema, where) in Subschemas(Schema, "$"))
        {
            if (!schema.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            foreach (var property in properties.EnumerateObject())
            {
                Assert.True(property.Value.TryGetProperty("description", out _), $"{where}.{property.Name} has no description");
                if (property.Value.TryGetProperty("default", out var value))
                {
                    // A default is itself a valid value of its key.
                    Assert.Empty(ValidateAgainst(value, property.Value));
                }
            }
        }
    }

    /// <summary>Every key of the language, with where its schema is.</summary>
    private static IEnumerable<(KeyInfo Key, JsonElement Schema)> AllKeys()
    {
        var root = Schema.GetProperty("properties");
        var sections = new (IReadOnlyList<KeyInfo> Keys, JsonElement Properties)[]
        {
            (SpecLanguage.RootKeys, root),
            (SpecLanguage.DefaultsKeys, root.GetProperty("defaults").GetProperty("properties")),
            (SpecLanguage.TrainingKeys, root.GetProperty("training").GetProperty("properties")),
            (SpecLanguage.NormalizeKeys, root.GetProperty("training").GetProperty("properties").GetProperty("normalize").GetProperty("properties")),
        }.Concat(SpecLanguage.CallbackSections.Select(section =>
            (section.Value, root.GetProperty("training").GetProperty("properties").GetProperty(section.Key.Name).GetProperty("properties"))));
        foreach (var (keys, properties) in sections)
        {
            foreach (var key in keys)
            {
                yield return (key, properties.GetProperty(key.Name));
            }
        }

        foreach (var (definition, catalogue) in new[] { ("layer", SpecLanguage.Layers), ("optimizer", SpecLanguage.Optimizers), ("schedule", SpecLanguage.Schedules) })
        {
            foreach (var info in catalogue)
            {
                foreach (var key in info.Keys)
                {
                    yield return (key, Settings(definition, info.Name).GetProperty("properties").GetProperty(key.Name));
                }
            }
        }
    }

    [Fact]
    public void Every_key_shows_an_example_on_hover()
    {
        var keys = AllKeys().ToList();
        Assert.True(keys.Count > 60, $"only {keys.Count} keys found");
        foreach (var (key, schema) in keys)
        {
            Assert.False(key.Example is null, $"{key.Name} has no example in SpecLanguage");
            Assert.True(schema.TryGetProperty("examples", out var examples) && examples.GetArrayLength() == 1, $"{key.Name} has no example in the schema");
            // An example shows something other than the default (the default is on the hover already).
            Assert.False(key.Default is not null && JsonElement.DeepEquals(examples[0], schema.GetProperty("default")),
                $"the example of {key.Name} is its default");
            Assert.Empty(ValidateAgainst(examples[0], schema));
        }
    }

    [Fact]
    public void Sections_have_exactly_the_catalogue_keys()
    {
        var root = Schema.GetProperty("properties");
        Assert.Equal(Names(SpecLanguage.RootKeys), PropertyNames(Schema));
        Assert.Equal(SpecLanguage.RootKeys.Where(k => k.Required).Select(k => k.Name), Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(Schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(Names(SpecLanguage.DefaultsKeys), PropertyNames(root.GetProperty("defaults")));
        Assert.Equal(Names(SpecLanguage.TrainingKeys), PropertyNames(root.GetProperty("training")));
        Assert.Equal(Names(SpecLanguage.NormalizeKeys), PropertyNames(root.GetProperty("training").GetProperty("properties").GetProperty("normalize")));
        AssertChoices(SpecLanguage.DefaultsKeys, root.GetProperty("defaults"));
        AssertChoices(SpecLanguage.TrainingKeys, root.GetProperty("training"));
        foreach (var (key, keys) in SpecLanguage.CallbackSections)
        {
            var section = root.GetProperty("training").GetProperty("properties").GetProperty(key.Name);
            Assert.Equal(Names(keys), PropertyNames(section));
            AssertChoices(keys, section);
        }
    }

    [Theory]
    [InlineData("layer")]
    [InlineData("activation")]
    [InlineData("optimizer")]
    [InlineData("schedule")]
    public void Every_type_of_a_catalogue_is_in_the_schema_with_exactly_its_keys(string definition)
    {
        var inline = definition == "activation";
        var catalogue = definition switch
        {
            "layer" => SpecLanguage.Layers,
            "activation" => SpecLanguage.Activations,
            "optimizer" => SpecLanguage.Optimizers,
            _ => SpecLanguage.Schedules,
        };

        var alternatives = Schema.GetProperty("definitions").GetProperty(definition).GetProperty("anyOf").EnumerateArray().ToList();
        var bareAlternative = alternatives.Single(a => a.TryGetProperty("enum", out _));
        var bare = bareAlternative.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var tagged = alternatives.Single(a => a.TryGetProperty("properties", out _));
        var names = catalogue.Select(t => t.Name).ToList();

        // One mapping alternative: one key, which must be a known name (the editor's message lists them all).
        Assert.Equal(names, PropertyNames(tagged));
        Assert.Equal(names, tagged.GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, tagged.GetProperty("minProperties").GetInt32());
        Assert.Equal(1, tagged.GetProperty("maxProperties").GetInt32());

        Assert.Equal(catalogue.Where(t => !t.Keys.Any(k => k.Required)).Select(t => t.Name), bare);
        Assert.Equal(bare.Select(n => catalogue.Single(t => t.Name == n).Description),
            bareAlternative.GetProperty("enumDescriptions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(bare.Count, bareAlternative.GetProperty("markdownEnumDescriptions").GetArrayLength());
        foreach (var info in catalogue)
        {
            var keys = inline ? info.Keys.Where(k => k.Name != "name").ToList() : info.Keys;
            var body = tagged.GetProperty("properties").GetProperty(info.Name);
            // Completion offers each name once: a bare-capable type as the enum value, the others as a key.
            Assert.Equal(bare.Contains(info.Name), body.TryGetProperty("doNotSuggest", out var hidden) && hidden.GetBoolean());
            var settings = body.GetProperty("anyOf").EnumerateArray()
                .Single(v => v.TryGetProperty("properties", out _));
            Assert.Equal(Names(keys), PropertyNames(settings));
            Assert.Equal(keys.Where(k => k.Required).Select(k => k.Name), settings.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
            AssertChoices(keys, settings);
        }
    }

    [Fact]
    public void Every_name_and_value_in_the_schema_is_in_the_spec_language()
    {
        var known = new HashSet<string>(Choices.PaddingModes, StringComparer.Ordinal);
        var tagged = SpecLanguage.Layers.Concat<TaggedInfo>(SpecLanguage.Optimizers).Concat(SpecLanguage.Schedules)
            .Concat(RecipeCatalogue.Augmentations).Concat(RecipeCatalogue.ParameterGroups).ToList();
        known.UnionWith(tagged.Select(t => t.Name));
        var keys = SpecLanguage.RootKeys.Concat(SpecLanguage.DefaultsKeys).Concat(SpecLanguage.TrainingKeys).Concat(SpecLanguage.NormalizeKeys)
            .Concat(SpecLanguage.CallbackSections.Values.SelectMany(k => k)).Concat(RecipeCatalogue.EmaKeys).Concat(tagged.SelectMany(t => t.Keys)).ToList();
        known.UnionWith(keys.Select(k => k.Name));
        known.UnionWith(keys.SelectMany(k => k.Choices ?? []));

        var unknown = new List<string>();
        foreach (var (schema, where) in Subschemas(Schema, "$"))
        {
            if (schema.TryGetProperty("properties", out var properties))
            {
                unknown.AddRange(properties.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).Select(n => $"{where}: property {n}"));
            }

            if (schema.TryGetProperty("enum", out var values))
            {
                unknown.AddRange(values.EnumerateArray().Select(v => v.GetString()!).Where(v => !known.Contains(v)).Select(v => $"{where}: value {v}"));
            }
        }

        Assert.Empty(unknown);
    }

    [Fact]
    public void Ranges_come_from_the_catalogue()
    {
        var dropout = Settings("layer", "dropout").GetProperty("properties").GetProperty("rate");
        Assert.Equal(0, dropout.GetProperty("minimum").GetDouble());
        Assert.Equal(1, dropout.GetProperty("exclusiveMaximum").GetDouble());
        Assert.Equal("number", dropout.GetProperty("type").GetString());

        var filters = Settings("layer", "conv2d").GetProperty("properties").GetProperty("filters");
        Assert.Equal("integer", filters.GetProperty("type").GetString());
        Assert.Equal(1, filters.GetProperty("minimum").GetDouble());
        Assert.Equal(SpecLanguage.MaxSize, filters.GetProperty("maximum").GetDouble());

        var bias = Settings("layer", "dense").GetProperty("properties").GetProperty("bias");
        Assert.Equal(JsonValueKind.True, bias.GetProperty("default").ValueKind);
        var eps = Settings("layer", "batch_norm").GetProperty("properties").GetProperty("eps");
        Assert.Equal(1e-5, eps.GetProperty("default").GetDouble());
        Assert.Equal(0, eps.GetProperty("exclusiveMinimum").GetDouble());
        Assert.Equal("valid", Settings("layer", "conv2d").GetProperty("properties").GetProperty("padding").GetProperty("default").GetString());
    }

    private static List<string> ValidateAgainst(JsonElement value, JsonElement subschema)
    {
        var wrapper = new Dictionary<string, JsonElement>
        {
            ["definitions"] = Schema.GetProperty("definitions"),
            ["anyOf"] = JsonSerializer.SerializeToElement(new[] { subschema }),
        };
        return new MiniSchemaValidator(JsonSerializer.SerializeToElement(wrapper)).Validate(value);
    }

    private static JsonElement Settings(string definition, string type) =>
        Schema.GetProperty("definitions").GetProperty(definition).GetProperty("anyOf").EnumerateArray()
            .Single(a => a.TryGetProperty("properties", out var p) && p.TryGetProperty(type, out _))
            .GetProperty("properties").GetProperty(type).GetProperty("anyOf").EnumerateArray()
            .Single(v => v.TryGetProperty("properties", out _));

    private static void AssertChoices(IEnumerable<KeyInfo> keys, JsonElement section)
    {
        foreach (var key in keys.Where(k => k.Kind == ValueKind.Choice))
        {
            var values = section.GetProperty("properties").GetProperty(key.Name).GetProperty("enum").EnumerateArray().Select(e => e.GetString());
            Assert.Equal(key.Choices!, values);
        }
    }

    private static List<string> Names(IEnumerable<KeyInfo> keys) => keys.Select(k => k.Name).ToList();

    private static List<string> PropertyNames(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>Every schema object in the document (not inside annotations such as examples or defaults).</summary>
    private static IEnumerable<(JsonElement Schema, string Where)> Subschemas(JsonElement schema, string where)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        yield return (schema, where);
        foreach (var keyword in schema.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "properties":
                case "definitions":
                    foreach (var child in keyword.Value.EnumerateObject())
                    {
                        foreach (var nested in Subschemas(child.Value, $"{where}/{keyword.Name}/{child.Name}"))
                        {
                            yield return nested;
                        }
                    }

                    break;
                case "anyOf":
                    var index = 0;
                    foreach (var child in keyword.Value.EnumerateArray())
                    {
                        foreach (var nested in Subschemas(child, $"{where}/anyOf/{index++}"))
                        {
                            yield return nested;
                        }
                    }

                    break;
                case "items":
                case "additionalProperties":
                case "propertyNames":
                    foreach (var nested in Subschemas(keyword.Value, $"{where}/{keyword.Name}"))
                    {
                        yield return nested;
                    }

                    break;
            }
        }
    }

    /// <summary>Found from this source file's path, so it works whatever the build's output folder.</summary>
    internal static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelGen.sln not found above " + sourceFile);
    }
}
