using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Language;

// A small JSON document model for the schema writer: objects keep their keys in insertion order and the text is laid
// out as System.Text.Json indents it (which netstandard2.0 does not have), so the committed schema is stable.

/// <summary>A JSON object that keeps its keys in insertion order.</summary>
internal sealed class JsonObject
{
    public List<KeyValuePair<string, object?>> Entries { get; } = new();

    public JsonObject Add(string key, object? value)
    {
        if (Entries.Any(e => e.Key == key))
        {
            throw new InvalidOperationException($"duplicate JSON key '{key}'");
        }

        Entries.Add(new KeyValuePair<string, object?>(key, value is int whole ? new JsonNumber(whole) : value is double real ? new JsonNumber(real) : value));
        return this;
    }
}

internal sealed class JsonArray
{
    public JsonArray(params object?[] items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

    public List<object?> Items { get; } = new();

    public void Add(object? item) => Items.Add(item is int whole ? new JsonNumber(whole) : item is double real ? new JsonNumber(real) : item);
}

internal readonly struct JsonNumber
{
    public JsonNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or infinity");
        }

        // Round-trip text; JSON wants a lower-case exponent and no '+'.
        Text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e").Replace("E", "e");
    }

    public string Text { get; }
}

/// <summary>Writes JSON with 2-space indents and "\n" newlines, System.Text.Json's indented layout.</summary>
internal static class JsonText
{
    public static void Write(StringBuilder output, object? value, int depth)
    {
        switch (value)
        {
            case null:
                output.Append("null");
                break;
            case bool flag:
                output.Append(flag ? "true" : "false");
                break;
            case string text:
                WriteString(output, text);
                break;
            case JsonNumber number:
                output.Append(number.Text);
                break;
            case JsonObject obj when obj.Entries.Count == 0:
                output.Append("{}");
                break;
            case JsonObject obj:
                output.Append('{');
                for (var i = 0; i < obj.Entries.Count; i++)
                {
                    output.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    WriteString(output, obj.Entries[i].Key);
                    output.Append(": ");
                    Write(output, obj.Entries[i].Value, depth + 1);
                }

                output.Append('\n').Append(' ', depth * 2).Append('}');
                break;
            case JsonArray array when array.Items.Count == 0:
                output.Append("[]");
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    output.Append(i == 0 ? "\n" : ",\n").Append(' ', (depth + 1) * 2);
                    Write(output, array.Items[i], depth + 1);
                }

                output.Append('\n').Append(' ', depth * 2).Append(']');
                break;
            default:
                throw new InvalidOperationException($"cannot write {value.GetType().Name} as JSON");
        }
    }

    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }
}
