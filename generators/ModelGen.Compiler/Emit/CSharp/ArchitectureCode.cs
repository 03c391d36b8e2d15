using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>
/// The generated class's <c>Architecture</c>: the network as data (the runtime's ModelGen.Architecture records), so
/// summaries, diagrams and exporters read every layer's settings and shapes without reflection.
/// </summary>
internal static class ArchitectureCode
{
    public static void Write(SourceWriter w, ModelDefinition model)
    {
        w.Line("/// <summary>The network as data: every layer with its settings and shapes, which summaries and exporters read.</summary>");
        w.Line("public static ModelArchitecture Architecture { get; } = new(");
        w.Indent();
        w.Line($"ModelName: {CSharpText.Literal(model.Name)},");
        w.Line($"InputShape: {Shape(model.InputShape)},");
        w.Line($"OutputKind: ModelOutputKind.{model.OutputKind},");
        w.Line("Layers: ImmutableArray.Create<Layer>(");
        w.Indent();
        for (var i = 0; i < model.Layers.Count; i++)
        {
            var lines = Layer(model.Layers[i]);
            lines[lines.Count - 1] += i == model.Layers.Count - 1 ? "));" : ",";
            w.Line(lines[0]);
            w.Indent();
            foreach (var line in lines.Skip(1))
            {
                w.Line(line);
            }

            w.Unindent();
        }

        w.Unindent();
        w.Unindent();
    }

    /// <summary>One layer's record: the constructor line, then its settings on a continuation line.</summary>
    private static List<string> Layer(LayerNode node)
    {
        var head = $"{CSharpText.Literal(node.Name)}, {Shape(node.InputShape)}, {Shape(node.OutputShape)}";
        var window = node.Window;
        switch (node.Layer)
        {
            case Conv2dLayer conv:
                return new List<string>
                {
                    $"new Conv2dLayer({head}, {Counts(node)},",
                    $"Kernel: {Size(conv.Kernel)}, Stride: {Size(conv.Stride)}, Padding: {Padding(window!)}, Dilation: {Size(conv.Dilation)}, Bias: {CSharpText.Bool(conv.Bias)},",
                    $"Activation: {Activation(conv.Activation)}, WeightInit: Initializer.{conv.WeightInit}, BiasInit: Initializer.{conv.BiasInit})",
                };
            case Pool2dLayer pool:
                return new List<string>
                {
                    $"new Pool2dLayer({head}, PoolingKind.{pool.Pooling},",
                    $"Size: {Size(pool.Size)}, Stride: {Size(pool.Stride)}, Padding: {Padding(window!)}, CeilMode: {CSharpText.Bool(window!.CeilMode)}, CountIncludePad: {CSharpText.Bool(!window.ExcludePadding)})",
                };
            case GlobalAvgPool2dLayer:
                return new List<string> { $"new GlobalAvgPool2dLayer({head})" };
            case BatchNormLayer norm:
                return new List<string>
                {
                    $"new BatchNormLayer({head}, {Counts(node)}, Momentum: {CSharpText.Double(norm.Momentum)}, Epsilon: {CSharpText.Double(norm.Epsilon)})",
                };
            case DropoutLayer dropout:
                return new List<string> { $"new DropoutLayer({head}, Rate: {CSharpText.Double(dropout.Rate)})" };
            case FlattenLayer:
                return new List<string> { $"new FlattenLayer({head})" };
            case DenseLayer dense:
                return new List<string>
                {
                    $"new DenseLayer({head}, {Counts(node)},",
                    $"Bias: {CSharpText.Bool(dense.Bias)}, Activation: {Activation(dense.Activation)}, WeightInit: Initializer.{dense.WeightInit}, BiasInit: Initializer.{dense.BiasInit})",
                };
            case ActivationLayer activation:
                return new List<string> { $"new ActivationLayer({head}, {Activation(activation.Activation)})" };
            default:
                throw Unexpected.Value(node.Layer);
        }
    }

    private static string Counts(LayerNode node) =>
        $"ParameterCount: {CSharpText.LongLiteral(node.ParameterCount)}, MultiplyAdds: {CSharpText.LongLiteral(node.MultiplyAdds)}";

    private static string Activation(Activation? activation) => activation switch
    {
        null => "null",
        ReluActivation => "new ReluActivation()",
        LeakyReluActivation leaky => $"new LeakyReluActivation({CSharpText.Double(leaky.Slope)})",
        EluActivation elu => $"new EluActivation({CSharpText.Double(elu.Alpha)})",
        GeluActivation gelu => $"new GeluActivation(GeluApproximation.{gelu.Approximation})",
        TanhActivation => "new TanhActivation()",
        SigmoidActivation => "new SigmoidActivation()",
        SoftmaxActivation => "new SoftmaxActivation()",
        LogSoftmaxActivation => "new LogSoftmaxActivation()",
        _ => throw Unexpected.Value(activation),
    };

    /// <summary>The padding as placed: symmetric, plus conv2d's odd row/column at the bottom/right.</summary>
    private static string Padding(WindowPlacement window) =>
        $"new({CSharpText.Long(window.Padding.Height)}, {CSharpText.Long(window.Padding.Width)}, " +
        $"{CSharpText.Long(window.Padding.Height + window.ExtraBottomRight.Height)}, {CSharpText.Long(window.Padding.Width + window.ExtraBottomRight.Width)})";

    private static string Size(Size2 size) => $"new({CSharpText.Long(size.Height)}, {CSharpText.Long(size.Width)})";

    private static string Shape(IEnumerable<long> shape) => "new(" + string.Join(", ", shape.Select(CSharpText.Long)) + ")";
}
