using System.Text.RegularExpressions;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Tests;

/// <summary>The Mermaid diagram of a model, and the copy of the CIFAR-10 diagram in samples/Cifar10/README.md.</summary>
public class MermaidDiagramTests
{
    private static ModelDefinition Cifar10() =>
        Compile(File.ReadAllText(Path.Combine(DocumentationTests.RepositoryRoot(), "models", "cifar10-cnn.model.yaml")));

    private static ModelDefinition Compile(string spec)
    {
        var compilation = ModelCompiler.Compile("models/spec.model.yaml", spec, GeneratorHarness.RootNamespace);
        Assert.True(compilation.Model is not null, string.Join("\n", compilation.Diagnostics));
        return compilation.Model!;
    }

    [Fact]
    public void Sample_readme_shows_the_diagram_the_generator_produces_for_the_cifar10_spec()
    {
        var readmePath = Path.Combine(DocumentationTests.RepositoryRoot(), "samples", "Cifar10", "README.md");
        var readme = File.ReadAllText(readmePath).Replace("\r\n", "\n");
        var blocks = Regex.Matches(readme, "^```mermaid\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline);

        var block = Assert.Single(blocks);
        var expected = MermaidDiagram.Render(Cifar10());
        Assert.True(block.Groups[1].Value == expected + "\n",
            $"The diagram in {readmePath} is not the generator's. Replace the ```mermaid block with the output of "
            + $"'dotnet run --project samples/Cifar10 -- summary --mermaid':\n{expected}");
    }

    [Fact]
    public void Diagram_has_input_every_layer_in_order_and_output()
    {
        var diagram = MermaidDiagram.Render(Cifar10());
        var lines = diagram.Split('\n');

        Assert.Equal("flowchart TD", lines[0]);
        Assert.Equal("    input([\"input<br/>(N, 3, 32, 32)\"])", lines[1]);
        Assert.Equal("    layer1[\"conv1: conv2d + leaky_relu<br/>(N, 16, 32, 32) · 448 params\"]", lines[2]);
        Assert.Contains("    layer10[\"dense1: dense + leaky_relu<br/>(N, 256) · 1,048,832 params\"]", lines);
        Assert.Contains("    layer13[\"softmax1: softmax<br/>(N, 10) · 0 params\"]", lines);
        Assert.Contains("    output([\"output<br/>(N, 10)\"])", lines);

        var edges = lines.Where(l => l.Contains("-->", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var chain = new[] { "input" }.Concat(Enumerable.Range(1, 13).Select(i => $"layer{i}")).Append("output").ToList();
        Assert.Equal(chain.Zip(chain.Skip(1), (from, to) => $"{from} --> {to}"), edges);
    }

    [Fact]
    public void Diagram_is_deterministic()
    {
        Assert.Equal(MermaidDiagram.Render(Cifar10()), MermaidDiagram.Render(Cifar10()));
    }

    [Fact]
    public void One_parameter_is_singular()
    {
        var model = Compile("model: One\ninput: [1]\nlayers:\n  - dense: {units: 1, bias: false}\n");

        Assert.Contains("(N, 1) · 1 param\"]", MermaidDiagram.Render(model), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\"b", "a#quot;b")]
    [InlineData("x[1]{2}(3)", "x#91;1#93;#123;2#125;#40;3#41;")]
    [InlineData("<b>&#quot;", "#lt;b#gt;#amp;#35;quot;")]
    [InlineData("a|b`c", "a#124;b#96;c")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("\u00c9t\u00e9_1", "\u00c9t\u00e9_1")]
    public void Label_text_is_escaped_with_mermaid_entity_codes(string text, string escaped)
    {
        Assert.Equal(escaped, MermaidDiagram.Escape(text));
    }

    [Fact]
    public void Names_that_could_break_a_label_never_leave_it()
    {
        // Spec names are C# identifiers, so this cannot come from a spec; the renderer must be safe regardless.
        var model = Compile("model: Net\ninput: [4]\nlayers:\n  - dense: 2\n");
        var hostile = model with
        {
            Layers = EquatableArray.Create(model.Layers[0] with { MemberName = "end\"]\n    x --> y[\"<script>" }),
        };

        var lines = MermaidDiagram.Render(hostile).Split('\n');

        Assert.Equal(
            "    layer1[\"end#quot;#93;     x --#gt; y#91;#quot;#lt;script#gt;: dense<br/>(N, 2) · 10 params\"]",
            lines[2]);
        Assert.Equal(6, lines.Length);
    }

    [Theory]
    [InlineData("model: MermaidDiagram\ninput: [4]\nlayers:\n  - dense: 2\n", DiagnosticIds.InvalidModelName, 1, 8)]
    [InlineData("model: Net\ninput: [4]\nlayers:\n  - dense: {units: 2, name: MermaidDiagram}\n", DiagnosticIds.InvalidLayerName, 4, 29)]
    public void MermaidDiagram_is_a_reserved_member_name(string spec, string id, int line, int column)
    {
        var compilation = ModelCompiler.Compile("models/spec.model.yaml", spec, GeneratorHarness.RootNamespace);

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal((id, line, column), (diagnostic.Id, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
        Assert.Null(compilation.Model);
    }

    [Fact]
    public void Generated_class_exposes_the_diagram_as_a_compiling_raw_string()
    {
        var outcome = GeneratorHarness.RunFile(Path.Combine(AppContext.BaseDirectory, "Models", "cifar10-cnn.model.yaml"));

        Assert.Empty(outcome.CompilationProblems);
        var type = outcome.Compilation.GetTypeByMetadataName("ModelGen.Samples.Cifar10.Cifar10Cnn");
        var property = Assert.IsAssignableFrom<Microsoft.CodeAnalysis.IPropertySymbol>(Assert.Single(type!.GetMembers("MermaidDiagram")));
        Assert.True(property.IsStatic);
        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        var indented = string.Join("\n", MermaidDiagram.Render(Cifar10()).Split('\n').Select(l => "        " + l));
        Assert.Contains("public static string MermaidDiagram => \"\"\"\n" + indented + "\n        \"\"\";", source, StringComparison.Ordinal);
    }
}
