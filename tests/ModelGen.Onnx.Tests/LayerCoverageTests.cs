using System.Collections.Immutable;
using System.Reflection;
using ModelGen.Architecture;
using ModelGen.Onnx.Protobuf;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// Every layer and activation record type of ModelGen.Architecture (and every variant the export treats apart) is used
/// by a spec in models/, whose export <see cref="EveryModelExportsTests"/> compares with TorchSharp: a new layer type
/// fails here until a spec uses it, and then fails there until it has an ONNX mapping.
/// </summary>
public sealed class LayerCoverageTests
{
    [Fact]
    public void Every_layer_and_activation_type_is_in_a_spec_whose_export_is_compared()
    {
        var used = UsedVariants();
        var all = RecordTypes(typeof(Layer)).Select(type => type.Name)
            .Concat(RecordTypes(typeof(Activation)).Select(type => type.Name))
            .Concat(Enum.GetNames<PoolingKind>().Select(kind => $"{nameof(Pool2dLayer)}:{kind}"))
            .Concat(Enum.GetNames<GeluApproximation>().Select(kind => $"{nameof(GeluActivation)}:{kind}"))
            .Concat(["Padding:asymmetric", "CeilMode:true", "BatchNorm:1d", "BatchNorm:2d", "Dense:no-bias", "Conv2d:no-bias", "Conv2d:dilated"]);

        var missing = all.Where(variant => !used.Contains(variant)).ToList();

        Assert.True(missing.Count == 0,
            $"No spec in models/ uses {string.Join(", ", missing)}: add one (its ONNX export is then compared with TorchSharp), " +
            "and a mapping in ModelGen.Onnx's OnnxLayers.");
    }

    [Fact]
    public void A_layer_type_without_a_mapping_stops_the_export_with_a_message_naming_it()
    {
        var graph = new OnnxGraphBuilder(new GraphProto(), new Dictionary<string, Tensor>(), "input", "output");
        var layer = new UnmappedLayer("mystery1", new Shape(4), new Shape(4));

        var error = Assert.Throws<NotSupportedException>(() => OnnxLayers.Append(graph, layer, "input"));

        Assert.Contains("'mystery1' (mystery, UnmappedLayer)", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnnxLayers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, 0.0, new[] { "Mul" })]
    [InlineData(0.5, -1.0, new[] { "Mul", "Add" })]
    public void Rescaling_is_a_multiplication_then_an_addition_by_float_constants(double scale, double offset, string[] operators)
    {
        var proto = new GraphProto();
        var graph = new OnnxGraphBuilder(proto, new Dictionary<string, Tensor>(), "input", "output");
        var layer = new RescalingLayer("rescaling1", new Shape(4), new Shape(4), scale, offset);

        var output = OnnxLayers.Append(graph, layer, "input");

        Assert.Equal(operators, proto.Node.Select(node => node.OpType));
        Assert.Equal("rescaling1", output);
        Assert.Equal([(float)scale], proto.Initializer.Single(i => i.Name == "rescaling1.scale").FloatData);
        Assert.Equal(offset == 0 ? [] : [(float)offset], proto.Initializer.Where(i => i.Name == "rescaling1.offset").SelectMany(i => i.FloatData));
    }

    [Fact]
    public void An_activation_type_without_a_mapping_stops_the_export_with_a_message_naming_it()
    {
        var graph = new OnnxGraphBuilder(new GraphProto(), new Dictionary<string, Tensor>(), "input", "output");
        var layer = new ActivationLayer("odd1", new Shape(4), new Shape(4), new UnmappedActivation());

        var error = Assert.Throws<NotSupportedException>(() => OnnxLayers.Append(graph, layer, "input"));

        Assert.Contains("'odd' (UnmappedActivation) of 'odd1'", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Type> RecordTypes(Type root) =>
        root.Assembly.GetTypes().Where(type => type.IsSubclassOf(root) && !type.IsAbstract);

    private static HashSet<string> UsedVariants()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in TestModels.Generated().Values)
        {
            var architecture = (ModelArchitecture)model.GetProperty(nameof(IGeneratedModel.Architecture), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            foreach (var layer in architecture.Layers)
            {
                used.Add(layer.GetType().Name);
                var activation = layer is ActivationLayer own ? own.Activation : layer.InlineActivation;
                if (activation is not null)
                {
                    used.Add(activation.GetType().Name);
                }

                used.UnionWith(Variants(layer, activation));
            }
        }

        return used;
    }

    private static IEnumerable<string> Variants(Layer layer, Activation? activation)
    {
        if (activation is GeluActivation gelu)
        {
            yield return $"{nameof(GeluActivation)}:{gelu.Approximation}";
        }

        switch (layer)
        {
            case Pool2dLayer pool:
                yield return $"{nameof(Pool2dLayer)}:{pool.Pooling}";
                if (pool.CeilMode)
                {
                    yield return "CeilMode:true";
                }

                break;
            case Conv2dLayer conv:
                if (!conv.Padding.IsSymmetric)
                {
                    yield return "Padding:asymmetric";
                }

                if (!conv.Bias)
                {
                    yield return "Conv2d:no-bias";
                }

                if (conv.Dilation != new Size2(1, 1))
                {
                    yield return "Conv2d:dilated";
                }

                break;
            case DenseLayer { Bias: false }:
                yield return "Dense:no-bias";
                break;
            case BatchNormLayer norm:
                yield return norm.InputShape.Count == 1 ? "BatchNorm:1d" : "BatchNorm:2d";
                break;
        }
    }

    private sealed record UnmappedLayer(string Name, Shape InputShape, Shape OutputShape) : Layer(Name, InputShape, OutputShape)
    {
        public override string Type => "mystery";
    }

    private sealed record UnmappedActivation : Activation
    {
        public override string Name => "odd";
    }
}
