using ModelGen.Architecture;
using ModelGen.Onnx.Protobuf;
using static ModelGen.Onnx.OnnxGraphBuilder;

namespace ModelGen.Onnx;

/// <summary>
/// Each layer and activation of <see cref="ModelArchitecture"/> as ONNX operators (opset 17), read from the layer's
/// record alone: the settings, the padding as placed, and the weights by the layer's name. A record type without a
/// mapping here fails the export with a message (and the tests, which enumerate every record type).
/// </summary>
internal static class OnnxLayers
{
    /// <summary>Adds the nodes of <paramref name="layer"/> applied to the value <paramref name="x"/>; returns its output value.</summary>
    public static string Append(OnnxGraphBuilder graph, Layer layer, string x) => layer switch
    {
        Conv2dLayer conv => Activate(graph, conv.Activation, conv.Name, graph.Node(
            "Conv",
            conv.Name,
            conv.Bias ? [x, graph.Weight(conv.Name, "weight"), graph.Weight(conv.Name, "bias")] : [x, graph.Weight(conv.Name, "weight")],
            Ints("kernel_shape", conv.Kernel.Height, conv.Kernel.Width),
            Ints("strides", conv.Stride.Height, conv.Stride.Width),
            Ints("pads", Pads(conv.Padding)),
            Ints("dilations", conv.Dilation.Height, conv.Dilation.Width),
            Int("group", 1))),
        Pool2dLayer { Pooling: PoolingKind.Max } pool => graph.Node("MaxPool", pool.Name, [x], Window(pool)),
        Pool2dLayer pool => graph.Node("AveragePool", pool.Name, [x], [.. Window(pool), Int("count_include_pad", pool.CountIncludePad ? 1 : 0)]),
        GlobalAvgPool2dLayer global => graph.Node("Flatten", global.Name + "/flatten", [graph.Node("GlobalAveragePool", global.Name, [x])], Int("axis", 1)),
        BatchNormLayer norm => graph.Node(
            "BatchNormalization",
            norm.Name,
            [x, graph.Weight(norm.Name, "weight"), graph.Weight(norm.Name, "bias"), graph.Weight(norm.Name, "running_mean"), graph.Weight(norm.Name, "running_var")],
            Float("epsilon", norm.Epsilon)),
        RescalingLayer rescaling => Rescale(graph, rescaling, x),

        // The frozen filters are weights like any other: a plain convolution, valid padding, stride 1.
        WhiteningLayer whitening => graph.Node(
            "Conv",
            whitening.Name,
            [x, graph.Weight(whitening.Name, "weight"), graph.Weight(whitening.Name, "bias")],
            Ints("kernel_shape", whitening.Kernel.Height, whitening.Kernel.Width),
            Ints("strides", 1, 1),
            Ints("pads", 0, 0, 0, 0),
            Ints("dilations", 1, 1),
            Int("group", 1)),
        DropoutLayer => x,
        FlattenLayer flatten => graph.Node("Flatten", flatten.Name, [x], Int("axis", 1)),
        DenseLayer dense => Activate(graph, dense.Activation, dense.Name, graph.Node(
            "Gemm",
            dense.Name,
            dense.Bias ? [x, graph.Weight(dense.Name, "weight"), graph.Weight(dense.Name, "bias")] : [x, graph.Weight(dense.Name, "weight")],
            Int("transB", 1))),
        ActivationLayer activation => Apply(graph, activation.Activation, activation.Name, x),
        _ => throw new NotSupportedException(
            $"ONNX export has no mapping for the layer '{layer.Name}' ({layer.Type}, {layer.GetType().Name}): add one to ModelGen.Onnx's OnnxLayers."),
    };

    /// <summary>Adds the nodes of <paramref name="activation"/> applied to <paramref name="x"/>, named <paramref name="name"/>.</summary>
    public static string Apply(OnnxGraphBuilder graph, Activation activation, string name, string x) => activation switch
    {
        ReluActivation => graph.Node("Relu", name, [x]),
        LeakyReluActivation leaky => graph.Node("LeakyRelu", name, [x], Float("alpha", leaky.Slope)),
        EluActivation elu => graph.Node("Elu", name, [x], Float("alpha", elu.Alpha)),
        GeluActivation { Approximation: GeluApproximation.None } => ExactGelu(graph, name, x),
        GeluActivation { Approximation: GeluApproximation.Tanh } => TanhGelu(graph, name, x),
        TanhActivation => graph.Node("Tanh", name, [x]),
        SigmoidActivation => graph.Node("Sigmoid", name, [x]),
        SoftmaxActivation => graph.Node("Softmax", name, [x], Int("axis", 1)),
        LogSoftmaxActivation => graph.Node("LogSoftmax", name, [x], Int("axis", 1)),
        _ => throw new NotSupportedException(
            $"ONNX export has no mapping for the activation '{activation.Name}' ({activation.GetType().Name}) of '{name}': add one to ModelGen.Onnx's OnnxLayers."),
    };

    /// <summary>x * scale (Mul), then + offset (Add) when there is one, with the values as float constants of the layer.</summary>
    private static string Rescale(OnnxGraphBuilder graph, RescalingLayer rescaling, string x)
    {
        var scaled = graph.Node("Mul", rescaling.Offset == 0 ? rescaling.Name : rescaling.Name + "/scale",
            [x, graph.Constant(rescaling.Name + ".scale", [], (float)rescaling.Scale)]);
        return rescaling.Offset == 0
            ? scaled
            : graph.Node("Add", rescaling.Name, [scaled, graph.Constant(rescaling.Name + ".offset", [], (float)rescaling.Offset)]);
    }

    /// <summary>ONNX's pads: the begin of each axis, then the end of each: [top, left, bottom, right], as placed.</summary>
    private static long[] Pads(Padding2d padding) => [padding.Top, padding.Left, padding.Bottom, padding.Right];

    private static AttributeProto[] Window(Pool2dLayer pool) =>
    [
        Ints("kernel_shape", pool.Size.Height, pool.Size.Width),
        Ints("strides", pool.Stride.Height, pool.Stride.Width),
        Ints("pads", Pads(pool.Padding)),
        Int("ceil_mode", pool.CeilMode ? 1 : 0),
    ];

    private static string Activate(OnnxGraphBuilder graph, Activation? activation, string layerName, string x) =>
        activation is null ? x : Apply(graph, activation, layerName + "/" + activation.Name, x);

    /// <summary>
    /// x * 0.5 * (1 + erf(x / sqrt 2)), from opset-17 primitives (Gelu is an operator only from opset 20; ONNX Runtime
    /// fuses this pattern into its own Gelu kernel).
    /// </summary>
    private static string ExactGelu(OnnxGraphBuilder graph, string name, string x)
    {
        var erf = graph.Node("Erf", name + "/erf", [graph.Node("Div", name + "/scaled", [x, Scalar(graph, "sqrt2", Math.Sqrt(2))])]);
        return HalfXTimesOnePlus(graph, name, x, erf);
    }

    /// <summary>x * 0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))), PyTorch's approximate='tanh'.</summary>
    private static string TanhGelu(OnnxGraphBuilder graph, string name, string x)
    {
        var cube = graph.Node("Mul", name + "/cube", [graph.Node("Mul", name + "/square", [x, x]), x]);
        var inner = graph.Node("Add", name + "/inner", [x, graph.Node("Mul", name + "/cubic_term", [cube, Scalar(graph, "gelu_cubic", 0.044715)])]);
        var tanh = graph.Node("Tanh", name + "/tanh", [graph.Node("Mul", name + "/scaled", [inner, Scalar(graph, "sqrt_2_over_pi", Math.Sqrt(2 / Math.PI))])]);
        return HalfXTimesOnePlus(graph, name, x, tanh);
    }

    private static string HalfXTimesOnePlus(OnnxGraphBuilder graph, string name, string x, string term)
    {
        var onePlus = graph.Node("Add", name + "/one_plus", [term, Scalar(graph, "one", 1)]);
        return graph.Node("Mul", name, [graph.Node("Mul", name + "/x_times", [x, onePlus]), Scalar(graph, "half", 0.5)]);
    }

    private static string Scalar(OnnxGraphBuilder graph, string name, double value) => graph.Constant("const/" + name, [], (float)value);
}
