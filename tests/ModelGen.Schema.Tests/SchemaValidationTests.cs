using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Parsing;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Schema.Tests;

/// <summary>Specs against the schema: the models and catalogue examples validate, broken specs do not, and the parser agrees.</summary>
public partial class SchemaTests
{
    public static TheoryData<string> ModelFiles() =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot(), "models"), "*.model.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void Every_spec_in_models_validates_and_names_the_schema_on_its_first_line(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "models", file));

        Assert.Equal(Modeline, text.Replace("\r\n", "\n").Split('\n')[0]);
        Assert.Empty(Validator.Validate(YamlJson.Parse(text)));
    }

    [Fact]
    public void Every_example_of_the_catalogue_validates()
    {
        foreach (var info in SpecLanguage.Layers)
        {
            AssertValid($"model: M\ninput: [3, 8, 8]\nlayers:\n  {info.Example}\n");
        }

        foreach (var info in SpecLanguage.Optimizers.Concat<TaggedInfo>(SpecLanguage.Schedules))
        {
            AssertValid($"model: M\ninput: [3, 8, 8]\nlayers: [flatten]\ntraining:\n  {info.Example}\n");
        }

        foreach (var (schema, where) in Subschemas(Schema, "$"))
        {
            if (schema.TryGetProperty("examples", out var examples))
            {
                foreach (var example in examples.EnumerateArray())
                {
                    Assert.True(ValidateAgainst(example, schema).Count == 0, $"the example at {where} does not validate: {example.GetRawText()}");
                }
            }
        }
    }

    /// <summary>Specs that are wrong in one value: the schema must reject each one, and so does the parser.</summary>
    [Theory]
    [InlineData("misspelt layer type", "  - conv2: {filters: 8, kernel: 3}")]
    [InlineData("misspelt bare layer type", "  - flaten")]
    [InlineData("dropout 1.5", "  - dropout: 1.5")]
    [InlineData("dropout rate 1", "  - dropout: {rate: 1}")]
    [InlineData("unknown key", "  - conv2d: {filters: 8, kernel: 3, kernel_size: 3}")]
    [InlineData("missing required key", "  - conv2d: {filters: 8}")]
    [InlineData("bare layer with a required key", "  - dense")]
    [InlineData("empty layer with a required key", "  - dropout:")]
    [InlineData("two types in one layer", "  - flatten: null\n    relu: null")]
    [InlineData("fractional filters", "  - conv2d: {filters: 2.5, kernel: 3}")]
    [InlineData("quoted number", "  - dense: \"10\"")]
    [InlineData("zero units", "  - dense: 0")]
    [InlineData("kernel of three numbers", "  - conv2d: {filters: 8, kernel: [3, 3, 3]}")]
    [InlineData("main setting as a list", "  - max_pool2d: [2, 2]")]
    [InlineData("unknown padding", "  - conv2d: {filters: 8, kernel: 3, padding: sam}")]
    [InlineData("negative padding", "  - conv2d: {filters: 8, kernel: 3, padding: -1}")]
    [InlineData("settings for a type without a main setting", "  - flatten: 3")]
    [InlineData("unknown activation", "  - dense: {units: 4, activation: relux}")]
    [InlineData("inline activation with a name", "  - dense: {units: 4, activation: {relu: {name: r}}}")]
    [InlineData("wrong choice", "  - gelu: fast")]
    [InlineData("unknown weight_init", "  - dense: {units: 4, weight_init: glorot}")]
    [InlineData("fan initialiser for a bias", "  - dense: {units: 4, bias_init: he_uniform}")]
    [InlineData("bias as text", "  - dense: {units: 4, bias: yes}")]
    [InlineData("batch_norm momentum 0", "  - batch_norm: {momentum: 0}")]
    [InlineData("leaky_relu negative slope", "  - leaky_relu: -0.1")]
    [InlineData("unknown root key", "  - flatten\nlearning_rate: 0.1")]
    [InlineData("unknown optimizer", "  - flatten\ntraining: {optimizer: adamm}")]
    [InlineData("optimizer lr 0", "  - flatten\ntraining: {optimizer: {sgd: 0}}")]
    [InlineData("lr under training", "  - flatten\ntraining: {lr: 0.1}")]
    [InlineData("exponential without gamma", "  - flatten\ntraining: {schedule: exponential}")]
    [InlineData("unknown loss", "  - flatten\ntraining: {loss: crossentropy}")]
    [InlineData("batch_size 0", "  - flatten\ntraining: {batch_size: 0}")]
    [InlineData("std 0", "  - flatten\ntraining: {normalize: {std: 0}}")]
    [InlineData("empty mean list", "  - flatten\ntraining: {normalize: {mean: []}}")]
    [InlineData("unknown defaults key", "  - flatten\ndefaults: {init: zeros}")]
    [InlineData("classes 0", "  - flatten\nclasses: 0")]
    public void Broken_specs_do_not_validate_and_the_parser_agrees(string what, string layers)
    {
        var spec = $"model: M\ninput: [3, 8, 8]\nlayers:\n{layers}\n";

        Assert.True(Validator.Validate(YamlJson.Parse(spec)).Count > 0, $"the schema accepts a spec with {what}");
        Assert.True(ParserErrors(spec), $"the parser accepts a spec with {what}");
    }

    [Theory]
    [InlineData("model: M\ninput: [3, 32]\nlayers: [flatten]")]
    [InlineData("model: M\ninput: [0]\nlayers: [flatten]")]
    [InlineData("model: M\ninput: [3, 8, 8]\nlayers: []")]
    [InlineData("input: [3, 8, 8]\nlayers: [flatten]")]
    [InlineData("model: M\ninput: [3, 8, 8]")]
    [InlineData("model: M\ninput: 3\nlayers: [flatten]")]
    public void Broken_top_level_does_not_validate_and_the_parser_agrees(string spec)
    {
        Assert.NotEmpty(Validator.Validate(YamlJson.Parse(spec)));
        Assert.True(ParserErrors(spec));
    }

    /// <summary>Valid in every way the parser checks: the schema must not squiggle any of it.</summary>
    [Theory]
    [InlineData("  - conv2d: {filters: 8, kernel: [3, 5], stride: [1, 2], padding: [1, 2], dilation: 2, bias: false, name: stem}")]
    [InlineData("  - conv2d: {filters: 8, kernel: 3, padding: 0, activation: {gelu: {approximate: tanh}}}")]
    [InlineData("  - conv2d:\n      filters: 8\n      kernel: 3\n      activation: elu")]
    [InlineData("  - max_pool2d\n  - avg_pool2d: {size: [2, 1], stride: 1, padding: same}\n  - max_pool2d: 3")]
    [InlineData("  - dropout: 0\n  - dropout: {rate: 0.999}\n  - batch_norm: {momentum: 1, eps: 1e-3}")]
    [InlineData("  - relu:\n  - relu: {}\n  - relu: {name: act}\n  - leaky_relu\n  - leaky_relu: 0\n  - gelu: none\n  - elu: {alpha: 2, name: e}")]
    [InlineData("  - flatten\n  - dense: {units: 4, bias: False, weight_init: kaiming_uniform, bias_init: ones}\n  - log_softmax")]
    [InlineData("  - flatten\ntraining:\n  optimizer: adam\n  schedule: {cosine: null}")]
    [InlineData("  - flatten\ntraining:\n  optimizer: {adamw: 0.0003}\n  schedule: {step: 3}\n  normalize: {mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]}")]
    [InlineData("  - flatten\ntraining:\n  optimizer: {rmsprop: {lr: 1e-3, alpha: 0.9, centered: true}}\n  schedule: {exponential: {gamma: 1}}\n  loss: mse\n  normalize:")]
    [InlineData("  - flatten\ntraining:\ndefaults:\nnamespace: A.B\ndescription: 42\nclasses: 1000000")]
    public void Valid_specs_validate_and_the_parser_agrees(string layers)
    {
        var spec = $"model: M\ninput: [3, 8, 8]\nlayers:\n{layers}\n";

        Assert.False(ParserErrors(spec), "the parser rejects the spec");
        Assert.Empty(Validator.Validate(YamlJson.Parse(spec)));
    }

    private static void AssertValid(string spec)
    {
        var errors = Validator.Validate(YamlJson.Parse(spec));
        Assert.True(errors.Count == 0, $"{spec}\n{string.Join("\n", errors)}");
    }

    private static bool ParserErrors(string spec)
    {
        var diagnostics = new DiagnosticBag("test.model.yaml");
        SpecParser.Parse(YamlTreeReader.Read(spec, diagnostics), diagnostics);
        return diagnostics.HasErrors;
    }

    /// <summary>Validates <paramref name="value"/> against a subschema, resolving references against the whole schema.</summary>
}
