using System.Text.Json;

namespace ModelGen.Schema.Tests;

/// <summary>
/// A draft-07 validator for exactly the keywords <c>SpecSchema</c> emits. Any other keyword throws, so the schema
/// cannot start using a construct this validator would silently ignore. Annotations (descriptions, defaults,
/// examples) are skipped.
/// </summary>
internal sealed class MiniSchemaValidator
{
    public static readonly IReadOnlySet<string> Annotations = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "title", "description", "markdownDescription", "default", "examples", "definitions",
        // yaml-language-server's extensions for messages and completion; other validators ignore them.
        "errorMessage", "enumDescriptions", "markdownEnumDescriptions", "doNotSuggest",
    };

    public static readonly IReadOnlySet<string> Assertions = new HashSet<string>(StringComparer.Ordinal)
    {
        "$ref", "type", "enum", "anyOf", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
        "propertyNames", "minProperties", "maxProperties",
    };

    private readonly JsonElement _root;

    public MiniSchemaValidator(JsonElement root) => _root = root;

    /// <summary>The errors of <paramref name="instance"/> against the whole schema; empty when it is valid.</summary>
    public List<string> Validate(JsonElement instance) => Validate(instance, _root, "$");

    /// <summary>The errors of <paramref name="instance"/> against the definition <paramref name="name"/>.</summary>
    public List<string> ValidateDefinition(JsonElement instance, string name) =>
        Validate(instance, _root.GetProperty("definitions").GetProperty(name), "$");

    private List<string> Validate(JsonElement instance, JsonElement schema, string path)
    {
        var errors = new List<string>();
        if (schema.ValueKind == JsonValueKind.True)
        {
            return errors;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return errors;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
            {
                throw new NotSupportedException($"the schema uses '{keyword.Name}', which this validator does not implement");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            const string Prefix = "#/definitions/";
            if (!target.StartsWith(Prefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException("only #/definitions/ references are implemented: " + target);
            }

            // Draft-07: siblings of $ref are ignored.
            return Validate(instance, _root.GetProperty("definitions").GetProperty(target[Prefix.Length..]), path);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => HasType(instance, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", types)}, got {instance.ValueKind}");
                return errors;
            }
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(choice => JsonElement.DeepEquals(choice, instance)))
        {
            errors.Add($"{path}: {instance.GetRawText()} is not one of {choices.GetRawText()}");
        }

        if (schema.TryGetProperty("anyOf", out var alternatives))
        {
            var failures = alternatives.EnumerateArray().Select(alternative => Validate(instance, alternative, path)).ToList();
            if (failures.All(f => f.Count > 0))
            {
                errors.Add($"{path}: matches none of the alternatives ({string.Join("; ", failures.SelectMany(f => f).Distinct())})");
            }
        }

        if (instance.ValueKind == JsonValueKind.Number)
        {
            var number = instance.GetDouble();
            if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDouble())
            {
                errors.Add($"{path}: {number} is less than {minimum.GetDouble()}");
            }

            if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDouble())
            {
                errors.Add($"{path}: {number} is more than {maximum.GetDouble()}");
            }

            if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && number <= exclusiveMinimum.GetDouble())
            {
                errors.Add($"{path}: {number} is not more than {exclusiveMinimum.GetDouble()}");
            }

            if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && number >= exclusiveMaximum.GetDouble())
            {
                errors.Add($"{path}: {number} is not less than {exclusiveMaximum.GetDouble()}");
            }
        }

        if (instance.ValueKind == JsonValueKind.String)
        {
            var length = instance.GetString()!.EnumerateRunes().Count();
            if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
            {
                errors.Add($"{path}: shorter than {minLength.GetInt32()} characters");
            }

            if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
            {
                errors.Add($"{path}: longer than {maxLength.GetInt32()} characters");
            }
        }

        if (instance.ValueKind == JsonValueKind.Array)
        {
            var items = instance.EnumerateArray().ToList();
            if (schema.TryGetProperty("minItems", out var minItems) && items.Count < minItems.GetInt32())
            {
                errors.Add($"{path}: fewer than {minItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("maxItems", out var maxItems) && items.Count > maxItems.GetInt32())
            {
                errors.Add($"{path}: more than {maxItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("items", out var itemSchema))
            {
                if (itemSchema.ValueKind == JsonValueKind.Array)
                {
                    throw new NotSupportedException("tuple 'items' is not implemented");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    errors.AddRange(Validate(items[i], itemSchema, $"{path}[{i}]"));
                }
            }
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            schema.TryGetProperty("properties", out var properties);
            foreach (var property in instance.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    errors.AddRange(Validate(property.Value, propertySchema, $"{path}.{property.Name}"));
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    errors.AddRange(Validate(property.Value, additional, $"{path}.{property.Name}").Select(_ => $"{path}: property '{property.Name}' is not allowed"));
                }
            }

            if (schema.TryGetProperty("propertyNames", out var propertyNames))
            {
                foreach (var property in instance.EnumerateObject())
                {
                    var name = JsonSerializer.SerializeToElement(property.Name);
                    errors.AddRange(Validate(name, propertyNames, $"{path}.{property.Name}").Select(e => $"{path}: property name '{property.Name}': {e}"));
                }
            }

            var count = instance.EnumerateObject().Count();
            if (schema.TryGetProperty("minProperties", out var minProperties) && count < minProperties.GetInt32())
            {
                errors.Add($"{path}: fewer than {minProperties.GetInt32()} properties");
            }

            if (schema.TryGetProperty("maxProperties", out var maxProperties) && count > maxProperties.GetInt32())
            {
                errors.Add($"{path}: more than {maxProperties.GetInt32()} properties");
            }

            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!instance.TryGetProperty(name, out _))
                    {
                        errors.Add($"{path}: missing property '{name}'");
                    }
                }
            }
        }

        return errors;
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        // Draft-07: any number without a fractional part.
        "integer" => instance.ValueKind == JsonValueKind.Number && Math.Floor(instance.GetDouble()) == instance.GetDouble(),
        _ => throw new NotSupportedException("unknown type " + type),
    };
}
