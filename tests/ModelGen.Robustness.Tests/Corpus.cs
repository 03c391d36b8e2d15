using System.Text;
using System.Text.RegularExpressions;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// Deterministic generators of hostile inputs. Every random choice comes from a <see cref="Random"/> with a
/// fixed seed, and every label names the seed and index, so a failure reproduces exactly.
/// </summary>
/// <remarks>
/// Longer than our files usually are on purpose: most of it is the corpus itself (hand-written hostile specs and the
/// mutation tables), which reads best as one list.
/// </remarks>
internal static class Corpus
{
    public static string Cifar { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "cifar10-cnn.model.yaml"));

    /// <summary>Characters that mean something to YAML, plus some that mean something to the emitted C#.</summary>
    private const string Significant = " \t\n\r:-{}[],#&*!|>'\"%@`?.~<=0123456789abcxyzXYZ_\\/;()$";

    private static readonly string[] Snippets =
    {
        "{", "}", "[", "]", ": ", "- ", "&a ", "*a", "!!str ", "!custom ", "? ", "|\n", ">-\n", "\"", "'", "---\n", "...\n",
        "%YAML 1.2\n", "<<: ", "# ", ", ", "\t", "\uFEFF", "\u2028", "\u0085", "\0", "\r", "@", "`", "!!map ", "!!seq ", "!<tag:x> ",
    };

    // ---- truncations -------------------------------------------------------------------------------

    public static IEnumerable<FuzzCase> Truncations() =>
        Enumerable.Range(0, Cifar.Length + 1).Select(n => new FuzzCase($"CIFAR spec truncated to its first {n} chars", Cifar.Substring(0, n)));

    // ---- random mutations --------------------------------------------------------------------------

    public static IEnumerable<FuzzCase> Mutations(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var text = Cifar;
            var operations = new List<string>();
            var n = 1 + random.Next(3);
            for (var k = 0; k < n; k++)
            {
                text = Mutate(text, random, out var what);
                operations.Add(what);
            }

            yield return new FuzzCase($"mutation seed {seed} #{i}: {string.Join("; ", operations)}", text);
        }
    }

    private static string Mutate(string text, Random random, out string what)
    {
        var lines = text.Split('\n').ToList();
        var position = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        switch (random.Next(11))
        {
            case 0:
            {
                var c = RandomChar(random);
                what = $"insert U+{(int)c:X4} at {position}";
                return text.Insert(position, c.ToString());
            }

            case 1:
            {
                var length = Math.Min(1 + random.Next(5), text.Length - position);
                what = $"delete {length} at {position}";
                return text.Remove(position, Math.Max(0, length));
            }

            case 2:
            {
                if (position == text.Length)
                {
                    goto case 0;
                }

                var c = RandomChar(random);
                what = $"replace {position} by U+{(int)c:X4}";
                return text.Remove(position, 1).Insert(position, c.ToString());
            }

            case 3:
            {
                int a = random.Next(lines.Count), b = random.Next(lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                what = $"swap lines {a + 1} and {b + 1}";
                return string.Join("\n", lines);
            }

            case 4:
            {
                var a = random.Next(lines.Count);
                lines.Insert(a, lines[a]);
                what = $"duplicate line {a + 1}";
                return string.Join("\n", lines);
            }

            case 5:
            {
                var a = random.Next(lines.Count);
                lines.RemoveAt(a);
                what = $"delete line {a + 1}";
                return string.Join("\n", lines);
            }

            case 6:
            {
                var a = random.Next(lines.Count);
                var delta = random.Next(-3, 4);
                lines[a] = delta >= 0 ? new string(' ', delta) + lines[a] : lines[a].Substring(Math.Min(-delta, lines[a].Length - lines[a].TrimStart(' ').Length));
                what = $"indent line {a + 1} by {delta}";
                return string.Join("\n", lines);
            }

            case 7:
            {
                var a = random.Next(lines.Count);
                var indent = lines[a].Length - lines[a].TrimStart(' ').Length;
                lines[a] = new string('\t', Math.Max(1, indent / 2)) + lines[a].Substring(indent);
                what = $"tabs for the indentation of line {a + 1}";
                return string.Join("\n", lines);
            }

            case 8:
            {
                var snippet = Snippets[random.Next(Snippets.Length)];
                what = $"insert {FuzzCheck.Show(snippet)} at {position}";
                return text.Insert(position, snippet);
            }

            case 9:
            {
                var numbers = Regex.Matches(text, "[0-9][0-9.]*");
                if (numbers.Count == 0)
                {
                    goto case 0;
                }

                var match = numbers[random.Next(numbers.Count)];
                var replacement = WrongValues[random.Next(WrongValues.Length)];
                what = $"number at {match.Index} -> {FuzzCheck.Show(replacement, 40)}";
                return text.Remove(match.Index, match.Length).Insert(match.Index, replacement);
            }

            default:
            {
                var words = Regex.Matches(text, "[a-z_][a-z0-9_]*");
                var match = words[random.Next(words.Count)];
                var other = words[random.Next(words.Count)].Value;
                what = $"word at {match.Index} -> {other}";
                return text.Remove(match.Index, match.Length).Insert(match.Index, other);
            }
        }
    }

    private static char RandomChar(Random random) => random.Next(4) switch
    {
        0 => (char)random.Next(0, 0x80),
        1 => (char)random.Next(0x80, 0x10000),
        _ => Significant[random.Next(Significant.Length)],
    };

    // ---- wrong types in every key ------------------------------------------------------------------

    /// <summary>Values of every wrong kind, each written so it fits on one line in flow or block context.</summary>
    public static readonly string[] WrongValues =
    {
        "[1, 2]", "[]", "[[1]]", "[3, 32, 32]", "{a: 1}", "{}", "{dense: 10}", "{relu: {}}", "\"text\"", "'3'", "\"3\"", "true", "false", "yes", "null", "~", "",
        ".inf", "-.inf", ".nan", "-0", "-0.0", "1e309", "-1e309", "1e-400", "0x10", "0o17", "0b101", "9223372036854775808", "-9223372036854775809",
        "9223372036854775807", "18446744073709551616", "1.5", "-1", "0", "1", "2", "1000000", "1000001", "1e6", "1_000", "+3", "3.0", "Infinity", "NaN",
        string.Concat(Enumerable.Repeat("x-", 10_000)), "\"" + new string('9', 5000) + "\"", new string('9', 400), "a" + new string('b', 600), "!!str 3", "!custom 3",
        "!!map {}", "!!int x", "!!float 1", "!!null", "*undefined", "&a 3", "[[[[1]]]]", "\"\\u0085\"", "é€𝄞", "\"\\0\"", "\"\\t\"", "@", "`", "\"\"\"", "'*/'",
        "\"<c>&amp;\"", "a\\b", "class", "@class", "_", "__", "Module", "same", "valid", "relu", "dense", "softmax",
        "\"a\\nb\"", "\"x\\u2028y\"", "var", "Tensor", "ArchitectureHash", "n" + new string('m', 1100),
    };

    public static IEnumerable<FuzzCase> WrongTypesInEveryKey()
    {
        foreach (var site in ValueSites(Cifar))
        {
            foreach (var value in WrongValues)
            {
                var text = Cifar.Substring(0, site.Start) + (site.IsBlock ? " " + value + "\n" : value) + Cifar.Substring(site.End);
                yield return new FuzzCase($"value of '{site.Key}' (chars {site.Start}..{site.End}) replaced by {FuzzCheck.Show(value, 40)}", text);
            }
        }
    }

    public sealed record ValueSite(string Key, int Start, int End, bool IsBlock);

    /// <summary>
    /// Where the value of each key (first occurrence of each key name) and each bare list item sits, so it can be
    /// replaced: a block value spans the more-indented lines under its key.
    /// </summary>
    public static IReadOnlyList<ValueSite> ValueSites(string text)
    {
        var sites = new List<ValueSite>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Regex.Matches(text, @"(?<=^|[\s{,\-])([A-Za-z_][A-Za-z0-9_]*):(?=[ \r\n]|$)|^\s*- ([A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.Multiline))
        {
            var lineStart = text.LastIndexOf('\n', Math.Max(0, match.Index - 1)) + 1;
            if (match.Index > 0 && text.Substring(lineStart, match.Index - lineStart).Contains('#'))
            {
                continue;
            }

            if (match.Groups[2].Success)
            {
                var item = match.Groups[2];
                if (seen.Add("- " + item.Value))
                {
                    sites.Add(new ValueSite("- " + item.Value, item.Index, item.Index + item.Length, IsBlock: false));
                }

                continue;
            }

            var key = match.Groups[1].Value;
            if (!seen.Add(key))
            {
                continue;
            }

            var start = match.Index + match.Length;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }

            var lineEnd = text.IndexOf('\n', start);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            if (start >= lineEnd || text[start] == '#' || text[start] == '\r')
            {
                // A block value: every following line indented more than the key's line, or blank.
                var indent = CountIndent(text, lineStart);
                var end = lineEnd;
                while (end < text.Length)
                {
                    var next = end + 1;
                    var nextEnd = text.IndexOf('\n', next);
                    nextEnd = nextEnd < 0 ? text.Length : nextEnd;
                    var line = text.Substring(next, nextEnd - next);
                    if (line.Trim().Length > 0 && CountIndent(text, next) <= indent && !line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
                    {
                        break;
                    }

                    if (line.Trim().Length > 0 && CountIndent(text, next) < indent)
                    {
                        break;
                    }

                    end = nextEnd;
                }

                sites.Add(new ValueSite(key, match.Index + match.Length, Math.Min(text.Length, end + 1), IsBlock: true));
                continue;
            }

            var inFlow = Depth(text, lineStart, match.Index) > 0;
            var stop = start;
            if (text[start] is '{' or '[')
            {
                var depth = 0;
                for (; stop < lineEnd; stop++)
                {
                    depth += text[stop] is '{' or '[' ? 1 : text[stop] is '}' or ']' ? -1 : 0;
                    if (depth == 0)
                    {
                        stop++;
                        break;
                    }
                }
            }
            else
            {
                while (stop < lineEnd && !(inFlow && text[stop] is ',' or '}' or ']') && !(text[stop] == '#' && text[stop - 1] == ' '))
                {
                    stop++;
                }
            }

            while (stop > start && text[stop - 1] == ' ')
            {
                stop--;
            }

            sites.Add(new ValueSite(key, start, stop, IsBlock: false));
        }

        return sites;
    }

    private static int CountIndent(string text, int lineStart)
    {
        var i = lineStart;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i - lineStart;
    }

    private static int Depth(string text, int from, int to)
    {
        var depth = 0;
        for (var i = from; i < to; i++)
        {
            depth += text[i] is '{' or '[' ? 1 : text[i] is '}' or ']' ? -1 : 0;
        }

        return depth;
    }

    // ---- random bytes ------------------------------------------------------------------------------

    /// <summary>Random bytes and byte-level corruptions of the spec, decoded as a compiler would decode a file.</summary>
    public static IEnumerable<FuzzCase> RandomBytes(int seed, int count)
    {
        var random = new Random(seed);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
        var cifarBytes = Encoding.UTF8.GetBytes(Cifar);
        for (var i = 0; i < count; i++)
        {
            byte[] bytes;
            string kind;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 3000)];
                random.NextBytes(bytes);
                kind = "random bytes";
            }
            else
            {
                bytes = (byte[])cifarBytes.Clone();
                var flips = 1 + random.Next(20);
                for (var k = 0; k < flips; k++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
                }

                kind = $"spec with {flips} bytes set to 0x80-0xFF";
            }

            yield return new FuzzCase($"{kind}, seed {seed} #{i}, decoded as Latin-1", Encoding.Latin1.GetString(bytes));
            yield return new FuzzCase($"{kind}, seed {seed} #{i}, decoded as UTF-8 with replacement", utf8.GetString(bytes));
        }
    }

    // ---- random specs from the spec grammar ----------------------------------------------------------

    private static readonly string[] Names = { "Net", "Model1", "_hidden", "Ünïcødé", "ResNetLike", "A", "x_1", "Cifar10Cnn", "MyModel", "LeNet5" };

    private static readonly string[] Activations = { "relu", "tanh", "sigmoid", "softmax", "log_softmax", "gelu", "{gelu: tanh}", "{gelu: none}", "{leaky_relu: 0.2}", "{elu: 0.5}", "{leaky_relu: 0}", "elu", "leaky_relu" };

    private static readonly long[] Sizes = { 1, 1, 2, 3, 3, 4, 5, 7, 8, 16, 28, 32, 33, 64, 224 };

    /// <summary>
    /// Specs built from the spec grammar with random layer stacks and settings: most are valid, so this exercises
    /// every emitter path and checks that the emitted code compiles.
    /// </summary>
    public static IEnumerable<FuzzCase> RandomSpecs(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return new FuzzCase($"random spec seed {seed} #{i}", RandomSpec(random));
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Size(Random random, bool huge) =>
        huge && random.Next(6) == 0 ? Pick(random, new[] { "1000000", "999999", "0", "-1", "1000001", "65536" }) : Pick(random, Sizes).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Pair(Random random, bool huge) =>
        random.Next(3) == 0 ? $"[{Size(random, huge)}, {Size(random, huge)}]" : Size(random, huge);

    private static string RandomSpec(Random random)
    {
        // Three in four specs follow the shapes (so they are mostly valid and exercise the emitter); the rest pick
        // layers and sizes blindly, huge ones included.
        var careful = random.Next(4) != 0;
        var huge = !careful && random.Next(2) == 0;
        var s = new StringBuilder();
        s.Append("model: ").Append(Pick(random, Names)).Append('\n');
        if (random.Next(3) == 0)
        {
            s.Append("namespace: ").Append(Pick(random, new[] { "My.Models", "A", "Deep.Learning.Nets", "\u00dcn\u00ef.C\u00f8d\u00e9" })).Append('\n');
        }

        if (random.Next(3) == 0)
        {
            s.Append("description: ").Append(Pick(random, new[] { "A small net.", "'Quotes \" and <xml> & stuff'", "\"tab\\there\"", "\u00dc\u00f1\u00ed\u00e7\u00f8d\u00e9 \u2713", "'/// <summary> */ // '" })).Append('\n');
        }

        var spatial = random.Next(4) != 0;
        var hw = careful ? Pick(random, new long[] { 1, 3, 5, 8, 16, 28, 32, 33 }) : 0;
        var input = spatial
            ? careful ? $"[{Pick(random, new[] { 1, 3, 4 })}, {hw}, {hw}]" : $"[{Size(random, huge)}, {Size(random, huge)}, {Size(random, huge)}]"
            : careful ? $"[{Pick(random, new[] { 1, 10, 784 })}]" : $"[{Size(random, huge)}]";
        s.Append("input: ").Append(input).Append('\n');
        var classes = random.Next(3) == 0 ? Pick(random, new[] { 2, 10 }) : 0;
        if (classes > 0)
        {
            s.Append("classes: ").Append(classes).Append('\n');
        }

        if (random.Next(3) == 0)
        {
            s.Append("defaults: {weight_init: ").Append(Pick(random, new[] { "glorot_uniform", "he_normal", "xavier_normal", "default", "zeros", "ones", "kaiming_uniform" }))
                .Append(", bias_init: ").Append(Pick(random, new[] { "zeros", "ones", "default" })).Append("}\n");
        }

        s.Append("layers:\n");
        var layerCount = 1 + random.Next(8);
        string? last = null;
        if (careful && spatial && hw >= 2 && random.Next(4) == 0)
        {
            // A whitening first layer: 2 x C x 2 x 2 channels, one row and column fewer.
            s.Append("  - ").Append(Pick(random, new[] { "whitening", "{whitening: 2}", "{whitening: {kernel: 2, eps: 0.01, images: 10}}" })).Append('\n');
            hw -= 1;
        }

        for (var i = 0; i < layerCount; i++)
        {
            last = careful ? CarefulLayer(random, ref spatial, ref hw) : RandomLayer(random, huge, i < layerCount - 2);
            s.Append("  - ").Append(last).Append('\n');
        }

        if (careful && classes > 0)
        {
            if (spatial)
            {
                s.Append("  - flatten\n");
            }

            s.Append("  - {dense: ").Append(classes).Append("}\n");
            if (random.Next(2) == 0)
            {
                s.Append("  - ").Append(Pick(random, new[] { "softmax", "log_softmax", "sigmoid" })).Append('\n');
            }
        }

        if (random.Next(2) == 0)
        {
            s.Append("training:\n");
            if (random.Next(2) == 0)
            {
                s.Append("  optimizer: ").Append(Pick(random, new[]
                {
                    "sgd", "adam", "adamw", "adamax", "rmsprop", "{sgd: 0.1}", "{sgd: {lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.0001}}",
                    "{adam: {lr: 1e-3, beta1: 0.8, beta2: 0.99, eps: 1e-7, amsgrad: true}}", "{adamw: {weight_decay: 0.05}}",
                    "{rmsprop: {lr: 0.001, alpha: 0.9, momentum: 0.5, centered: true}}", "{sgd: {nesterov: true}}", "{adamax: 0.002}",
                })).Append('\n');
            }

            var epochs = random.Next(2) == 0 ? Pick(random, new[] { "1", "2", "10", "1000000" }) : null;
            if (random.Next(2) == 0)
            {
                s.Append("  schedule: ").Append(Pick(random, new[]
                {
                    "constant", "{exponential: 0.9}", "{step: 3}", "{step: {step_size: 2, gamma: 0.5}}", "cosine", "{cosine: {period: 5, min_lr: 0.0001}}",
                })).Append('\n');
            }

            if (random.Next(2) == 0)
            {
                s.Append("  loss: ").Append(Pick(random, new[] { "categorical_cross_entropy", "cross_entropy", "nll", "binary_cross_entropy", "mse" })).Append('\n');
            }

            if (random.Next(2) == 0)
            {
                s.Append("  batch_size: ").Append(careful ? Pick(random, new[] { "1", "32", "1000000" }) : Size(random, huge)).Append('\n');
            }

            if (epochs is not null)
            {
                s.Append("  epochs: ").Append(epochs).Append('\n');
            }
        }

        return s.ToString();
    }

    /// <summary>A layer that fits the current shape (tracked roughly: spatial or flat, and the spatial size).</summary>
    private static string CarefulLayer(Random random, ref bool spatial, ref long hw)
    {
        var settings = new List<string>();
        void Maybe(string setting)
        {
            if (random.Next(3) == 0)
            {
                settings.Add(setting);
            }
        }

        string Written(string type) => settings.Count == 0 ? type : $"{{{type}: {{{string.Join(", ", settings)}}}}}";
        var choice = random.Next(10);
        if (spatial)
        {
            switch (choice)
            {
                case 0:
                case 1:
                case 2:
                {
                    var same = random.Next(2) == 0;
                    var kernel = same ? Pick(random, new long[] { 1, 3, 5 }) : Math.Min(hw, Pick(random, new long[] { 1, 2, 3, 5 }));
                    settings.Add($"filters: {Pick(random, new[] { 1, 4, 8, 16 })}");
                    settings.Add(random.Next(4) == 0 ? $"kernel: [{kernel}, 1]" : $"kernel: {kernel}");
                    if (same)
                    {
                        settings.Add("padding: same");
                    }
                    else if (random.Next(4) == 0)
                    {
                        settings.Add(random.Next(2) == 0 ? "padding: 1" : "padding: [1, 0]");
                    }

                    if (!same && hw >= 4 && random.Next(4) == 0)
                    {
                        settings.Add("stride: 2");
                    }

                    if (!same && hw >= 7 && random.Next(5) == 0)
                    {
                        settings.Add("dilation: 2");
                        kernel = Math.Min(kernel, 3);
                    }

                    Maybe("bias: false");
                    Maybe($"activation: {Pick(random, Activations)}");
                    Maybe($"weight_init: {Pick(random, new[] { "glorot_uniform", "he_uniform", "zeros", "xavier_uniform", "kaiming_normal" })}");
                    hw = same ? hw : Math.Max(1, hw - kernel + 1);
                    return Written("conv2d");
                }

                case 3:
                case 4:
                {
                    var pool = random.Next(2) == 0 ? "max_pool2d" : "avg_pool2d";
                    if (hw < 2)
                    {
                        return "batch_norm";
                    }

                    if (random.Next(2) == 0)
                    {
                        hw /= 2;
                        return random.Next(2) == 0 ? pool : $"{{{pool}: 2}}";
                    }

                    settings.Add("size: 2");

                    if (random.Next(2) == 0)
                    {
                        settings.Add("padding: same");
                        hw = (hw + 1) / 2;
                    }
                    else
                    {
                        settings.Add("stride: 1");
                        hw -= 1;
                    }

                    return Written(pool);
                }

                case 5:
                    spatial = false;
                    return "global_avg_pool2d";
                case 6:
                    spatial = false;
                    return "flatten";
                case 7:
                    Maybe("momentum: 0.01");
                    Maybe("eps: 0.001");
                    Maybe("scale: false");
                    Maybe("center: false");
                    return Written("batch_norm");
                case 8:
                    return $"{{dropout: {Pick(random, new[] { "0.1", "0.5" })}}}";
                default:
                    return Pick(random, Activations);
            }
        }

        switch (choice)
        {
            case 0:
            case 1:
            case 2:
            case 3:
                settings.Add($"units: {Pick(random, new[] { 1, 2, 10, 64 })}");
                Maybe("bias: false");
                Maybe($"activation: {Pick(random, Activations)}");
                Maybe($"weight_init: {Pick(random, new[] { "he_normal", "glorot_normal", "ones" })}");
                Maybe($"bias_init: {Pick(random, new[] { "zeros", "ones" })}");
                Maybe($"name: {Pick(random, new[] { "head", "fc", "classifier", "hidden", "\u00e9t\u00e9" })}");
                return settings.Count == 1 && random.Next(2) == 0 ? $"{{dense: {Pick(random, new[] { 3, 10 })}}}" : Written("dense");
            case 4:
                return random.Next(2) == 0 ? "batch_norm" : $"{{rescaling: {Pick(random, new[] { "0.1111", "{scale: 2, offset: -1}", "-0.5" })}}}";
            case 5:
            case 6:
                return $"{{dropout: {Pick(random, new[] { "0", "0.2", "0.5" })}}}";
            default:
                return Pick(random, Activations);
        }
    }

    private static string RandomLayer(Random random, bool huge, bool preferSpatial)
    {
        var settings = new List<string>();
        void Maybe(string key, Func<string> value)
        {
            if (random.Next(3) == 0)
            {
                settings.Add($"{key}: {value()}");
            }
        }

        string Padding() => Pick(random, new[] { "same", "valid", "0", "1", "[1, 2]", "2" });
        string Named(string type) => settings.Count == 0 ? type : $"{{{type}: {{{string.Join(", ", settings)}}}}}";
        var kind = preferSpatial ? random.Next(6) : random.Next(16);
        switch (kind)
        {
            case 0:
            case 1:
                settings.Add($"filters: {Size(random, huge)}");
                settings.Add($"kernel: {Pair(random, huge)}");
                Maybe("stride", () => Pair(random, huge));
                Maybe("padding", Padding);
                Maybe("dilation", () => Pair(random, false));
                Maybe("bias", () => Pick(random, new[] { "true", "false" }));
                Maybe("activation", () => Pick(random, Activations));
                Maybe("weight_init", () => Pick(random, new[] { "glorot_uniform", "he_uniform", "zeros", "xavier_uniform" }));
                Maybe("bias_init", () => Pick(random, new[] { "zeros", "ones" }));
                Maybe("name", () => Pick(random, new[] { "features", "conv", "c_1", "stem" }));
                return Named("conv2d");
            case 2:
            case 3:
                var pool = random.Next(2) == 0 ? "max_pool2d" : "avg_pool2d";
                if (random.Next(2) == 0)
                {
                    return random.Next(2) == 0 ? pool : $"{{{pool}: {Pair(random, huge)}}}";
                }

                Maybe("size", () => Pair(random, huge));
                Maybe("stride", () => Pair(random, huge));
                Maybe("padding", Padding);
                Maybe("name", () => "pool");
                return Named(pool);
            case 4:
                return "global_avg_pool2d";
            case 5:
            case 6:
                Maybe("momentum", () => Pick(random, new[] { "0.01", "0.1", "0.5", "1" }));
                Maybe("eps", () => Pick(random, new[] { "1e-5", "0.001", "1e-3" }));
                Maybe("scale", () => Pick(random, new[] { "true", "false" }));
                Maybe("center", () => Pick(random, new[] { "true", "false" }));
                Maybe("name", () => "bn");
                return Named("batch_norm");
            case 7:
                return "flatten";
            case 8:
            case 9:
                settings.Add($"units: {Size(random, huge)}");
                Maybe("bias", () => Pick(random, new[] { "true", "false" }));
                Maybe("activation", () => Pick(random, Activations));
                Maybe("weight_init", () => Pick(random, new[] { "he_normal", "glorot_normal", "ones" }));
                Maybe("name", () => Pick(random, new[] { "head", "fc", "classifier", "hidden" }));
                return settings.Count == 1 && random.Next(2) == 0 ? $"{{dense: {Size(random, huge)}}}" : Named("dense");
            case 10:
                return $"{{dropout: {Pick(random, new[] { "0", "0.1", "0.5", "0.99", "1" })}}}";
            case 14:
                settings.Add($"scale: {Pick(random, new[] { "0.1111", "1", "-3", "1e6", "1e7" })}");
                Maybe("offset", () => Pick(random, new[] { "0", "-1", "2.5" }));
                return settings.Count == 1 && random.Next(2) == 0 ? $"{{rescaling: {Pick(random, new[] { "2", "0" })}}}" : Named("rescaling");
            case 15:
                Maybe("kernel", () => Pair(random, huge));
                Maybe("eps", () => Pick(random, new[] { "0.0005", "1", "0" }));
                Maybe("images", () => Size(random, huge));
                return Named("whitening");
            default:
                return Pick(random, Activations);
        }
    }
}
