using System.Text;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Generator;
using ModelGen.Generator.Tests;
using Xunit.Abstractions;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// The generator contract under hostile input: for every input, <see cref="ModelCompiler.Compile"/> returns,
/// the generator reports no exception (which users would see as CS8785 with every model dropped), and any
/// generated source compiles without warnings. Inputs are deterministic; a failure prints the input.
/// </summary>
public sealed class GeneratorRobustnessTests
{
    private const string Tail = "input: [3, 32, 32]\nlayers: [flatten, {dense: 10}]\n";

    private readonly ITestOutputHelper _output;

    public GeneratorRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_cifar_spec_is_valid_and_compiles()
    {
        var outcome = GeneratorHarness.Run(("/specs/cifar10-cnn.model.yaml", Corpus.Cifar));
        Assert.Null(outcome.GeneratorException);
        Assert.Empty(outcome.Diagnostics);
        Assert.Single(outcome.Sources);
        Assert.Empty(outcome.CompilationProblems);
    }

    [Fact]
    public void Every_truncation_of_the_cifar_spec() =>
        FuzzCheck.AssertAll("truncations", Corpus.Truncations(), _output, minimumInputs: 1000);

    [Fact]
    public void Random_character_and_line_mutations() =>
        FuzzCheck.AssertAll("mutations", Corpus.Mutations(seed: 20_240_601, count: 600), _output, minimumInputs: 600);

    [Fact]
    public void Wrong_types_in_every_key() =>
        FuzzCheck.AssertAll("wrong types", Corpus.WrongTypesInEveryKey(), _output, minimumInputs: 1500);

    [Fact]
    public void Random_specs_from_the_grammar() =>
        FuzzCheck.AssertAll("random specs", Corpus.RandomSpecs(seed: 7, count: 300), _output, minimumInputs: 300);

    [Fact]
    public void Random_bytes_decoded_as_text() =>
        FuzzCheck.AssertAll("random bytes", Corpus.RandomBytes(seed: 99, count: 100), _output, minimumInputs: 200);

    [Fact]
    public void Huge_numbers_overflowing_shape_and_parameter_arithmetic()
    {
        const string Big = "1000000";
        var specs = new[]
        {
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: {Big}, kernel: 3}}}}]",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: {Big}, kernel: {Big}}}}}, flatten, {{dense: {Big}}}]",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [flatten, {{dense: {Big}}}]",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [flatten, batch_norm, {{dense: 1}}]",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [batch_norm, flatten]",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: {Big}, kernel: 1, padding: same}}}}, {{conv2d: {{filters: {Big}, kernel: 1}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: 1, kernel: {Big}, dilation: {Big}, padding: same}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: 1, kernel: {Big}, dilation: {Big}, padding: {Big}}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: 1, kernel: 3, stride: {Big}, padding: same}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{max_pool2d: {{size: {Big}, stride: {Big}, padding: same}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{avg_pool2d: {{size: {Big}, stride: 1, padding: {Big}}}}}]",
            $"model: M\ninput: [1, {Big}, {Big}]\nlayers: [{{avg_pool2d: {{size: [{Big}, 1], stride: [1, {Big}], padding: same}}}}]",
            $"model: M\ninput: [{Big}]\nlayers: [{{dense: {Big}}}, {{dense: {Big}}}, {{dense: {Big}}}, {{dense: {Big}}}, {{dense: {Big}}}]",
            $"model: M\ninput: [{Big}]\nclasses: {Big}\nlayers: [{{dense: {Big}}}, softmax]\ntraining: {{batch_size: {Big}, epochs: {Big}, schedule: {{step: {Big}}}}}",
            $"model: M\ninput: [{Big}, {Big}, {Big}]\nlayers: [{{conv2d: {{filters: {Big}, kernel: [{Big}, 1], stride: [1, {Big}], dilation: [1, {Big}]}}}}]",
            "model: M\ninput: [9223372036854775807, 9223372036854775807, 9223372036854775807]\nlayers: [flatten, {dense: 10}]",
            "model: M\ninput: [3, 32, 32]\nlayers: [{conv2d: {filters: 9223372036854775807, kernel: 9223372036854775807}}]",
            "model: M\ninput: [3, 32, 32]\nlayers: [{conv2d: {filters: 1e18, kernel: 1e300, stride: 1e308, dilation: 1.7976931348623157e308}}]",
            "model: M\ninput: [3, 32, 32]\nlayers: [{dense: 1e19}]\ntraining: {optimizer: {sgd: {lr: 1e308, momentum: 0.9999999999999999, weight_decay: 1e-320}}}",
            "model: M\ninput: [10]\nlayers: [{dense: 10}]\ntraining: {optimizer: {adam: {lr: 4.9e-324, beta1: 0.99999999999999999, eps: 1e-300}}, schedule: {cosine: {period: 1000000, min_lr: 1e-320}}}",
            "model: M\ninput: [10]\nlayers: [{batch_norm: {momentum: 4.9e-324, eps: 0.9999999999999999}}, {leaky_relu: 999999.99999}, {elu: 1e-300}, {dropout: 0.9999999999999999}]",
        };

        var inputs = specs.Select((spec, i) => new FuzzCase($"huge numbers #{i}", spec)).ToList();

        // Every integer of the spec, in turn, set to a huge value.
        var numbers = System.Text.RegularExpressions.Regex.Matches(Corpus.Cifar, "(?<![\\w.])[0-9]+(?![\\w.])");
        foreach (System.Text.RegularExpressions.Match number in numbers)
        {
            foreach (var huge in new[] { Big, "999999", "1000001", "4294967296", "9223372036854775807" })
            {
                inputs.Add(new FuzzCase($"CIFAR number at {number.Index} ({number.Value}) -> {huge}",
                    Corpus.Cifar.Substring(0, number.Index) + huge + Corpus.Cifar.Substring(number.Index + number.Length)));
            }
        }

        FuzzCheck.AssertAll("huge numbers", inputs, _output, minimumInputs: 100);
    }

    [Fact]
    public void Deep_nesting()
    {
        var inputs = new List<FuzzCase>();
        foreach (var depth in new[] { 31, 32, 33, 1_000, 100_000 })
        {
            inputs.Add(new FuzzCase($"{depth}-deep closed [[[...]]]", new string('[', depth) + new string(']', depth)));
            inputs.Add(new FuzzCase($"{depth}-deep unclosed [[[...", new string('[', depth)));
            inputs.Add(new FuzzCase($"{depth}-deep {{a: {{a: ...}}}}", Repeat("{a: ", depth) + "1" + new string('}', depth)));
            inputs.Add(new FuzzCase($"{depth}-deep unclosed {{a: {{a: ...", Repeat("{a: ", depth)));
            inputs.Add(new FuzzCase($"{depth}-deep block sequence '- - - ...'", Repeat("- ", depth) + "x\n"));
            inputs.Add(new FuzzCase($"{depth}-deep flow under layers:", "model: M\ninput: [3, 32, 32]\nlayers:\n  - " + new string('[', depth) + new string(']', depth) + "\n"));
            inputs.Add(new FuzzCase($"{depth}-deep mixed under a conv2d setting", "model: M\ninput: [3, 32, 32]\nlayers: [{conv2d: {filters: " + Repeat("[{a: ", depth) + "}]\n"));
        }

        foreach (var depth in new[] { 31, 32, 33, 1_000 })
        {
            var block = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                block.Append(' ', i).Append("a:\n");
            }

            inputs.Add(new FuzzCase($"{depth}-deep block mapping indentation", block.ToString()));
            inputs.Add(new FuzzCase($"{depth}-deep block mapping indentation under layers", "model: M\ninput: [3, 32, 32]\nlayers:\n" + Indent(block.ToString(), 2)));
            var sequence = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                sequence.Append(' ', 2 * i).Append("-\n");
            }

            inputs.Add(new FuzzCase($"{depth}-deep block sequence indentation", sequence.ToString()));
        }

        FuzzCheck.AssertAll("deep nesting", inputs, _output, minimumInputs: 40);
    }

    [Fact]
    public void Anchors_aliases_and_alias_bombs()
    {
        var laughs = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            laughs.Append($"lol{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        }

        var chain = new StringBuilder("model: M\ninput: [3, 32, 32]\nx0: &x0 [flatten]\n");
        for (var i = 1; i <= 30_000; i++)
        {
            chain.Append($"x{i}: &x{i} [*x{i - 1}]\n");
        }

        var reusedLayers = new StringBuilder("model: M\ninput: [10]\nlayers: [&d {dense: 10}");
        for (var i = 0; i < 5_000; i++)
        {
            reusedLayers.Append(", *d");
        }

        var inputs = new List<FuzzCase>
        {
            new("billion laughs", laughs.ToString()),
            new("billion laughs as layers", laughs + "model: M\ninput: [3, 32, 32]\nlayers: *l9\n"),
            new("billion laughs as a layer's settings", laughs + "model: M\ninput: [3, 32, 32]\nlayers: [{dense: *l9}, {conv2d: {filters: *l9, kernel: *l8}}]\n"),
            new("billion laughs as the input shape", laughs + "model: M\ninput: *l9\nlayers: [flatten]\n"),
            new("billion laughs as mapping keys", laughs + "model: M\n*l9 : 1\n"),
            new("alias chain 30,000 long (deep by reference, shallow in text)", chain + "layers: *x30000\n"),
            new("one layer reused 5,000 times through an alias", reusedLayers + "]\n"),
            new("self-reference in a sequence", "a: &a [*a]\n" + Tail),
            new("self-reference in a mapping", "a: &a {b: *a}\n" + Tail),
            new("self-reference as the whole document", "&a [*a]"),
            new("undefined alias", "model: *nope\n" + Tail),
            new("undefined alias as key", "*nope : 1\n" + Tail),
            new("alias before its anchor", "model: *m\nname: &m M\n" + Tail),
            new("alias as the whole document", "*a"),
            new("anchor only", "&a"),
            new("anchor on nothing", "model: &a\n" + Tail),
            new("two anchors on one node", "model: &a &b M\n" + Tail),
            new("redefined anchor", "a: &x 1\nb: &x 2\nmodel: M\nc: *x\n" + Tail),
            new("alias of a mapping used as a key", "a: &k {x: 1}\n*k : 2\n" + Tail),
            new("alias of a scalar used as a key", "a: &k model\n*k : M\n" + Tail.Replace("input", "input", StringComparison.Ordinal)),
            new("alias as a duplicate key", "x: &k model\nmodel: M\n*k : N\n" + Tail),
            new("merge key", "base: &b {filters: 8, kernel: 3}\nmodel: M\ninput: [3, 32, 32]\nlayers: [{conv2d: {<<: *b, padding: same}}, flatten, {dense: 10}]\n"),
            new("valid spec built from aliases", "model: &n M\ninput: &i [3, 8, 8]\nlayers: [&c {conv2d: {filters: 4, kernel: 3, name: a}}, {conv2d: {filters: 4, kernel: 3, name: b}}, flatten, &d {dense: 10}]\n"),
            new("alias to an alias-built spec", "x: &s {model: M, input: [10], layers: [{dense: 10}]}\n"),
            new("whole spec is an alias of itself", "&s {model: M, input: [10], layers: [{dense: 10}], x: *s}"),
            new("anchor names with odd characters", "model: &\u00e9\u2028 M\n" + Tail),
            new("very long anchor name", $"model: &{new string('a', 100_000)} M\ninput: *{new string('a', 100_000)}\nlayers: [flatten]\n"),
        };

        FuzzCheck.AssertAll("aliases", inputs, _output, minimumInputs: 20);
    }

    [Fact]
    public void Documents_encodings_whitespace_and_tags()
    {
        var cifar = Corpus.Cifar;
        var crlf = cifar.Replace("\n", "\r\n", StringComparison.Ordinal);
        var inputs = new List<FuzzCase>
        {
            new("empty file", string.Empty),
            new("one space", " "),
            new("whitespace only", " \n\t\n   \r\n\u00a0\u2003\n"),
            new("newlines only", new string('\n', 10_000)),
            new("comments only", "# a\n   # b\n#\n"),
            new("comment without newline", "#"),
            new("BOM only", "\uFEFF"),
            new("BOM then the spec", "\uFEFF" + cifar),
            new("two BOMs then the spec", "\uFEFF\uFEFF" + cifar),
            new("BOM inside the spec", cifar.Insert(cifar.IndexOf("layers", StringComparison.Ordinal), "\uFEFF")),
            new("CRLF line endings", crlf),
            new("BOM and CRLF", "\uFEFF" + crlf),
            new("CR-only line endings", cifar.Replace("\n", "\r", StringComparison.Ordinal)),
            new("NEL line endings", cifar.Replace("\n", "\u0085", StringComparison.Ordinal)),
            new("LS line endings", cifar.Replace("\n", "\u2028", StringComparison.Ordinal)),
            new("mixed line endings", string.Concat(cifar.Split('\n').Select((l, i) => l + (i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r")))),
            new("no final newline", cifar.TrimEnd('\n')),
            new("NUL characters", cifar.Replace("model", "mo\0del", StringComparison.Ordinal)),
            new("trailing NUL", cifar + "\0"),
            new("lone surrogates", cifar.Replace("description: The", "description: \uD800The\uDC00", StringComparison.Ordinal)),
            new("two documents", cifar + "\n---\n" + cifar),
            new("two documents, the first empty", "---\n---\n" + cifar),
            new("explicit document start and end", "---\n" + cifar + "\n...\n"),
            new("document end marker then garbage", cifar + "\n...\ngarbage: [\n"),
            new("three empty documents", "---\n---\n---\n"),
            new("document start only", "---"),
            new("document end only", "..."),
            new("YAML 1.1 directive", "%YAML 1.1\n---\n" + cifar),
            new("YAML 1.2 directive", "%YAML 1.2\n---\n" + cifar),
            new("YAML 2.0 directive", "%YAML 2.0\n---\n" + cifar),
            new("YAML 1.9 directive", "%YAML 1.9\n---\n" + cifar),
            new("two YAML directives", "%YAML 1.2\n%YAML 1.2\n---\n" + cifar),
            new("TAG directive", "%TAG !e! tag:example.com,2000:\n---\nmodel: !e!name M\n" + Tail),
            new("unknown directive", "%FOO bar\n---\n" + cifar),
            new("directive without document", "%YAML 1.2\n"),
            new("tag !!str on a number", cifar.Replace("classes: 10", "classes: !!str 10", StringComparison.Ordinal)),
            new("tag !!int on a word", cifar.Replace("model: Cifar10Cnn", "model: !!int Cifar10Cnn", StringComparison.Ordinal)),
            new("custom tag on a layer", cifar.Replace("- flatten", "- !custom flatten", StringComparison.Ordinal)),
            new("verbatim tag", cifar.Replace("- flatten", "- !<tag:yaml.org,2002:str> flatten", StringComparison.Ordinal)),
            new("tag on the root", "!!map\n" + cifar),
            new("undefined tag handle", "model: !x!y M\n" + Tail),
            new("tag only", "!custom"),
            new("tag with odd characters", "model: !%ZZ M\n" + Tail),
            new("very long tag", $"model: !{new string('t', 100_000)} M\n" + Tail),
            new("very long comment line", "# " + new string('c', 1_000_000) + "\n" + cifar),
            new("very long description", cifar.Replace("description: The", "description: " + new string('d', 1_000_000), StringComparison.Ordinal)),
            new("very long unknown key", new string('k', 100_000) + ": 1\n" + cifar),
            new("very long plain scalar line", "model: " + string.Concat(Enumerable.Repeat("word ", 200_000)) + "\n" + Tail),
            new("very long flow list of layers (a valid model of 3,000 layers)", "model: M\ninput: [10]\nlayers: [" + string.Join(", ", Enumerable.Repeat("relu", 3_000)) + "]\n"),
            new("very long flow list of invalid layers", "model: M\ninput: [10]\nlayers: [" + string.Join(", ", Enumerable.Repeat("{dense: {units: 2, bogus: 1}}", 2_000)) + "]\n"),
            new("very long quoted key", "\"" + new string('q', 100_000) + "\": 1\n" + Tail),
            new("many duplicate keys", string.Concat(Enumerable.Repeat("model: M\n", 10_000)) + Tail),
            new("many unknown keys", string.Concat(Enumerable.Range(0, 5_000).Select(i => $"kee{i}: {i}\n")) + "model: M\n" + Tail),
            new("node limit: 200,000 flow items", "model: M\n" + Tail + "x: [" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]\n"),
            new("complex key", "? [a, b]\n: 1\n" + Tail),
            new("explicit key without value", "? model\n" + Tail),
            new("folded block scalar description", cifar.Replace("description: The", "description: >-\n  line one\n  line two\n  The", StringComparison.Ordinal)),
            new("literal block scalar model name", "model: |\n  M\n" + Tail),
            new("folded block scalar model name", "model: >\n  M\n" + Tail),
            new("block scalar with bad indentation indicator", "model: |9\n M\n" + Tail),
            new("quoted escapes", "model: \"\\u0041\\x42\\N\\_\\L\\P\"\n" + Tail),
            new("invalid escape", "model: \"\\q\"\n" + Tail),
            new("unterminated quote", "model: \"M\n" + Tail),
            new("tab indentation", cifar.Replace("\n  ", "\n\t", StringComparison.Ordinal)),
            new("tab after key", cifar.Replace("model: ", "model:\t", StringComparison.Ordinal)),
            new("Windows-1252 smart quotes", "model: \u201cM\u201d\n" + Tail),
            new("zero-width characters in names", "model: M\u200Bx\ninput: [10]\nlayers: [{dense: {units: 10, name: a\u200Db}}]\n"),
            new("right-to-left override", "model: M\u202Ex\n" + Tail),
        };

        FuzzCheck.AssertAll("documents and encodings", inputs, _output, minimumInputs: 60);
    }

    [Fact]
    public void A_spec_listed_twice_with_the_same_path_gets_a_diagnostic()
    {
        const string Path = "/specs/cifar10-cnn.model.yaml";
        var outcome = GeneratorHarness.Run((Path, Corpus.Cifar), (Path, Corpus.Cifar));
        Assert.Null(outcome.GeneratorException);
        Assert.Contains(outcome.Diagnostics, d => d.Id == DiagnosticIds.DuplicateModelName);
        Assert.Empty(outcome.CompilationProblems);

        var variants = new List<FuzzCase>
        {
            new("same path twice", new[] { (Path, Corpus.Cifar), (Path, Corpus.Cifar) }),
            new("same path three times", new[] { (Path, Corpus.Cifar), (Path, Corpus.Cifar), (Path, Corpus.Cifar) }),
            new("same path, different models", new[] { (Path, Corpus.Cifar), (Path, Corpus.Cifar.Replace("Cifar10Cnn", "Other", StringComparison.Ordinal)) }),
            new("same path, model names differing in case", new[] { (Path, Corpus.Cifar), (Path, Corpus.Cifar.Replace("Cifar10Cnn", "CIFAR10CNN", StringComparison.Ordinal)) }),
            new("same path, one broken", new[] { (Path, Corpus.Cifar), (Path, "model: [") }),
            new("same path with / and \\", new[] { (Path, Corpus.Cifar), (Path.Replace('/', '\\'), Corpus.Cifar.Replace("Cifar10Cnn", "Other", StringComparison.Ordinal)) }),
            new("same path, differing in case", new[] { (Path, Corpus.Cifar), (Path.ToUpperInvariant(), Corpus.Cifar.Replace("Cifar10Cnn", "Other", StringComparison.Ordinal)) }),
            new("same file name in two folders", new[] { ("/a/net.model.yaml", Corpus.Cifar), ("/b/net.model.yaml", Corpus.Cifar.Replace("Cifar10Cnn", "Other", StringComparison.Ordinal)) }),
            new("same model in two files", new[] { ("/a/net.model.yaml", Corpus.Cifar), ("/b/net.model.yaml", Corpus.Cifar) }),
            new("odd file names", new[] { (".model.yaml", Corpus.Cifar), ("/x/ .MODEL.YAML", Corpus.Cifar.Replace("Cifar10Cnn", "B", StringComparison.Ordinal)), ("C:\\a b\\c#d;e.model.yaml", Corpus.Cifar.Replace("Cifar10Cnn", "C", StringComparison.Ordinal)) }),
            new("file names with newlines and unicode", new[] { ("/x/a\nb.model.yaml", Corpus.Cifar), ("/x/\u00e9\u2028\u202e.model.yaml", Corpus.Cifar.Replace("Cifar10Cnn", "B", StringComparison.Ordinal)) }),
            new("file name with comment terminators", new[] { ("/x/*/ <!-- </c> \".model.yaml", Corpus.Cifar) }),
        };

        FuzzCheck.AssertAll("duplicate paths", variants, _output, minimumInputs: 10);
    }

    [Fact]
    public void Models_whose_names_differ_only_in_case_both_generate()
    {
        // Roslyn compares hint names ignoring case, and a clash between two specs' files throws after the generator's
        // callback (CS8785, every model dropped); the generator must give such models distinct hint names.
        var outcome = GeneratorHarness.Run(
            ("/specs/a.model.yaml", "model: Net\ninput: [4]\nlayers: [{dense: 2}]\n"),
            ("/specs/b.model.yaml", "model: NET\ninput: [4]\nlayers: [{dense: 3}]\n"),
            ("/specs/c.model.yaml", "model: net\nnamespace: TEST.MODELS\ninput: [4]\nlayers: [{dense: 4}]\n"));
        Assert.Null(outcome.GeneratorException);
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(3, outcome.Sources.Count);
        Assert.Equal(3, outcome.Sources.Select(s => s.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(outcome.CompilationProblems);
    }

    [Fact]
    public void An_invalid_root_namespace_is_made_valid_as_MSBuild_would()
    {
        foreach (var (root, expected) in new[] { ("My-App", "My_App"), ("1st..Try", "_1st.Try"), ("My.class", "My._class"), (" A . B ", "A.B") })
        {
            var driver = GeneratorHarness.NewDriver(new[] { new InMemoryAdditionalText("/specs/n.model.yaml", "model: Net\ninput: [4]\nlayers: [{dense: 2}]\n") }, root);
            var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();
            var source = Assert.Single(result.GeneratedTrees).ToString();
            Assert.Contains($"namespace {expected};", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Odd_root_namespaces()
    {
        var roots = new[]
        {
            null, "", " ", "My-App", "1Bad", "My..App", ".Leading", "Trailing.", "My.class", "class", "global", "global::My", "My App", "\u00dcn\u00ef.C\u00f8d\u00e9",
            "TorchSharp", "ModelGen", "A\nB", "A;B", "A::B", "A/B\\C", "a.b.c.d.e.f.g.h", new string('n', 500), "@class", "_", "\u2028", "\t My . App \t",
            "A.nn", "A.Tensor", "A.functional", "System", new string('n', 1100),
        };
        var inputs = roots.SelectMany(root => new[]
        {
            new FuzzCase($"RootNamespace {(root is null ? "unset" : FuzzCheck.Show(root, 60))}, spec without namespace", "model: Net\ninput: [4]\nlayers: [{dense: {units: 2, weight_init: glorot_uniform}}, relu]\n") { RootNamespace = root },
            new FuzzCase($"RootNamespace {(root is null ? "unset" : FuzzCheck.Show(root, 60))}, CIFAR spec with its own namespace", Corpus.Cifar) { RootNamespace = root },
        });
        FuzzCheck.AssertAll("root namespaces", inputs, _output, minimumInputs: 40);
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
