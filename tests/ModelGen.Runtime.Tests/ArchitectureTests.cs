using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ModelGen.Architecture;
using ModelGen.Examples.Tabular;
using ModelGen.Examples.Vision;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// The architecture description every generated class carries (<c>TModel.Architecture</c>): its contents, value
/// equality, and the summary and Mermaid diagram rendered from it.
/// </summary>
public class ArchitectureTests
{
    [Fact]
    public void Cifar10_architecture_lists_every_layer_with_its_settings()
    {
        var architecture = Cifar10Cnn.Architecture;

        Assert.Equal("Cifar10Cnn", architecture.ModelName);
        Assert.Equal(new Shape(3, 32, 32), architecture.InputShape);
        Assert.Equal(new Shape(10), architecture.OutputShape);
        Assert.Equal(ModelOutputKind.Probabilities, architecture.OutputKind);
        Assert.Equal(Cifar10Cnn.ParameterCount, architecture.ParameterCount);
        Assert.Equal(13, architecture.Layers.Length);

        var conv1 = Assert.IsType<Conv2dLayer>(architecture.Layers[0]);
        Assert.Equal(
            new Conv2dLayer("conv1", new Shape(3, 32, 32), new Shape(16, 32, 32), 448, 448 * 32 * 32, new Size2(3, 3), new Size2(1, 1), new Padding2d(1, 1, 1, 1),
                new Size2(1, 1), Bias: true, new LeakyReluActivation(0.1), Initializer.GlorotUniform, Initializer.Zeros),
            conv1);
        Assert.Equal((3L, 16L), (conv1.InChannels, conv1.Filters));
        var pool = Assert.IsType<Pool2dLayer>(architecture.Layers[2]);
        Assert.Equal((PoolingKind.Max, new Size2(2, 2), new Size2(2, 2), false), (pool.Pooling, pool.Size, pool.Stride, pool.CeilMode));
        Assert.Equal(0.25, Assert.IsType<DropoutLayer>(architecture.Layers[3]).Rate);
        var dense = Assert.IsType<DenseLayer>(architecture.Layers[9]);
        Assert.Equal((4096L, 256L, 1_048_832L), (dense.InFeatures, dense.Units, dense.ParameterCount));
        Assert.IsType<SoftmaxActivation>(Assert.IsType<ActivationLayer>(architecture.Layers[12]).Activation);
        Assert.Equal("conv2d + leaky_relu", conv1.Description);
    }

    [Fact]
    public void Uneven_same_padding_and_same_pooling_are_described_as_placed()
    {
        var layers = ConvOptions.Architecture.Layers;

        // conv2d 3x3, dilation 2, padding same on 30x13: 4 rows and columns of padding, split evenly.
        var dilated = layers.OfType<Conv2dLayer>().ElementAt(1);
        Assert.Equal((new Size2(2, 2), new Padding2d(2, 2, 2, 2)), (dilated.Dilation, dilated.Padding));

        // avg_pool2d 2 with padding same on 30x13 (Keras: the odd column at the end): ceil mode, padded cells left out.
        var pool = layers.OfType<Pool2dLayer>().First();
        Assert.Equal((PoolingKind.Average, true, false), (pool.Pooling, pool.CeilMode, pool.CountIncludePad));

        // tiny-classifier's conv2d 3x3, stride 2, padding same on 8x8: one extra row and column at the bottom/right.
        var strided = Assert.IsType<Conv2dLayer>(TinyClassifier.Architecture.Layers[0]);
        Assert.Equal(new Padding2d(0, 0, 1, 1), strided.Padding);
        Assert.False(strided.Padding.IsSymmetric);
    }

    [Fact]
    public void Batch_norm_counts_its_running_statistics_as_buffers()
    {
        var norm = Assert.IsType<BatchNormLayer>(HousePrices.Architecture.Layers[1]);

        Assert.Equal((64L, 128L, 129L, 0.1, 1e-5), (norm.Features, norm.ParameterCount, norm.BufferCount, norm.Momentum, norm.Epsilon));
        Assert.Equal(129, HousePrices.Architecture.BufferCount);
        Assert.Contains("Buffers (batch-norm running statistics, not parameters): 129", HousePrices.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_compare_by_value()
    {
        var copy = Cifar10Cnn.Architecture with { Layers = ImmutableArray.CreateRange(Cifar10Cnn.Architecture.Layers.Select(layer => layer with { })) };

        Assert.Equal(Cifar10Cnn.Architecture, copy);
        Assert.Equal(new Shape(3, 32, 32), new Shape(ImmutableArray.Create(3L, 32L, 32L)));
        Assert.Equal(new Shape(3, 32, 32).GetHashCode(), new Shape(3L, 32L, 32L).GetHashCode());
        Assert.NotEqual(Cifar10Cnn.Architecture, copy with { Layers = copy.Layers.RemoveAt(12) });
        Assert.NotEqual(Cifar10Cnn.Architecture.Layers[0], Cifar10Cnn.Architecture.Layers[0] with { OutputShape = new Shape(16, 32, 31) });
    }

    [Fact]
    public void Summary_is_rendered_from_the_architecture()
    {
        Assert.Equal(Cifar10Cnn.Architecture.Summary, Cifar10Cnn.Summary);
        var rows = Cifar10Cnn.Summary.Split('\n');
        Assert.Equal(" conv1     conv2d + leaky_relu  (N, 16, 32, 32)        448    458,752", rows[5]);
        Assert.Equal("Total params: 1,084,234", rows[^5]);
        Assert.Equal("Total mult-adds (per example, forward): 13,363,978", rows[^2]);
    }

    [Fact]
    public void Multiply_adds_of_the_seed_cnn_match_a_hand_count()
    {
        // torchinfo's convention: a conv2d's weights and bias once per output position, a dense layer's parameters once.
        long Conv(long inChannels, long filters, long outputSide) => ((inChannels * filters * 3 * 3) + filters) * outputSide * outputSide;
        var expected = new Dictionary<string, long>
        {
            ["conv1"] = Conv(3, 16, 32),
            ["conv2"] = Conv(16, 32, 32),
            ["conv3"] = Conv(32, 32, 16),
            ["conv4"] = Conv(32, 64, 16),
            ["dense1"] = (4096 * 256) + 256,
            ["dense2"] = (256 * 10) + 10,
        };

        var counted = Cifar10Cnn.Architecture.Layers.Where(layer => layer.MultiplyAdds != 0).ToDictionary(layer => layer.Name, layer => layer.MultiplyAdds);

        Assert.Equal(expected, counted);
        Assert.Equal(13_363_978, Cifar10Cnn.MultiplyAdds);
        Assert.Equal(Cifar10Cnn.MultiplyAdds, Cifar10Cnn.Architecture.MultiplyAdds);
    }

    [Fact]
    public void Batch_norm_counts_one_multiply_add_per_parameter_as_torchinfo_does()
    {
        var norm = Assert.IsType<BatchNormLayer>(HousePrices.Architecture.Layers[1]);

        Assert.Equal(norm.ParameterCount, norm.MultiplyAdds);
        Assert.Equal(HousePrices.Architecture.Layers.Sum(layer => layer.MultiplyAdds), HousePrices.MultiplyAdds);
    }

    [Fact]
    public void Sample_readme_shows_the_diagram_of_the_cifar10_model()
    {
        var readmePath = Path.Combine(RepositoryRoot(), "samples", "Cifar10", "README.md");
        var readme = File.ReadAllText(readmePath).Replace("\r\n", "\n");
        var blocks = Regex.Matches(readme, "^```mermaid\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline);

        var block = Assert.Single(blocks);
        var expected = Cifar10Cnn.MermaidDiagram;
        Assert.True(block.Groups[1].Value == expected + "\n",
            $"The diagram in {readmePath} is not the model's. Replace the ```mermaid block with the output of "
            + $"'dotnet run --project samples/Cifar10 -- summary --mermaid':\n{expected}");
    }

    [Fact]
    public void Readme_shows_the_summary_of_the_cifar10_model()
    {
        var readmePath = Path.Combine(RepositoryRoot(), "README.md");
        var readme = File.ReadAllText(readmePath).Replace("\r\n", "\n");

        Assert.True(readme.Contains("```text\n" + Cifar10Cnn.Summary + "\n```", StringComparison.Ordinal),
            $"The summary in {readmePath} is not the model's. Replace it with the output of "
            + $"'dotnet run --project samples/Cifar10 -- summary':\n{Cifar10Cnn.Summary}");
    }

    [Fact]
    public void Diagram_has_input_every_layer_in_order_and_output()
    {
        var lines = Cifar10Cnn.MermaidDiagram.Split('\n');

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
    public void One_parameter_is_singular()
    {
        var architecture = new ModelArchitecture("One", new Shape(1), ModelOutputKind.Regression, ImmutableArray.Create<Layer>(
            new DenseLayer("dense1", new Shape(1), new Shape(1), 1, 1, Bias: false, null, Initializer.Default, Initializer.Default)));

        Assert.Contains("(N, 1) · 1 param\"]", architecture.MermaidDiagram, StringComparison.Ordinal);
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
        var hostile = new ModelArchitecture("Net", new Shape(4), ModelOutputKind.Logits, ImmutableArray.Create<Layer>(
            new DenseLayer("end\"]\n    x --> y[\"<script>", new Shape(4), new Shape(2), 10, 10, Bias: true, null, Initializer.Default, Initializer.Default)));

        var lines = hostile.MermaidDiagram.Split('\n');

        Assert.Equal("    layer1[\"end#quot;#93;     x --#gt; y#91;#quot;#lt;script#gt;: dense<br/>(N, 2) · 10 params\"]", lines[2]);
        Assert.Equal(6, lines.Length);
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", ".."));
}
