using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ModelGen.Compiler.Common;

namespace ModelGen.Compiler.Model;

/// <summary>
/// A stable hash of everything that decides which weights a model has and what they mean: the input shape and, per
/// layer, its kind, name, settings and shapes. Initialisers and training settings are left out, since trained
/// weights stay valid when they change. Saved model files carry it, so the text hashed here must never change for
/// an unchanged network: it keeps the field order and names of ModelGen 0.1's first release.
/// </summary>
internal static class ArchitectureFingerprint
{
    public static string Compute(ModelDefinition model)
    {
        var text = new StringBuilder();
        text.Append("input=").Append(Invariant.Shape(model.InputShape)).Append('\n');
        foreach (var node in model.Layers)
        {
            text.Append(string.Join("|", Fields(node))).Append('\n');
        }

        // FNV-1a, 64 bits: deterministic across processes and platforms, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text.ToString()))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// kind | name | input | output | features | in-features | kernel | stride | padding | extra padding | dilation |
    /// ceil | exclude-pad | bias | argument | epsilon | approximate | inline activation. Rescaling's scale is its
    /// argument and its offset its epsilon.
    /// </summary>
    private static IEnumerable<string> Fields(LayerNode node)
    {
        var window = node.Window;
        var f = node.Layer switch
        {
            Conv2dLayer conv => new Row("Conv2d") { Features = conv.Filters, InFeatures = node.InputShape[0], Kernel = conv.Kernel, Stride = conv.Stride, Dilation = conv.Dilation, Bias = conv.Bias, Inline = conv.Activation },
            Pool2dLayer pool => new Row(pool.Pooling == PoolingKind.Max ? "MaxPool2d" : "AvgPool2d") { Kernel = pool.Size, Stride = pool.Stride },
            GlobalAvgPool2dLayer => new Row("GlobalAvgPool2d"),
            BatchNormLayer norm => new Row(BatchNormKind(norm, node)) { Features = node.InputShape[0], Argument = norm.Momentum, Epsilon = norm.Epsilon },
            DropoutLayer dropout => new Row("Dropout") { Argument = dropout.Rate },
            FlattenLayer => new Row("Flatten"),
            DenseLayer dense => new Row("Dense") { Features = dense.Units, InFeatures = node.InputShape[0], Bias = dense.Bias, Inline = dense.Activation },
            RescalingLayer rescaling => new Row("Rescaling") { Argument = rescaling.Scale, Epsilon = rescaling.Offset },

            // eps and images only decide the filters computed before training, as initialisers decide initial weights.
            WhiteningLayer whitening => new Row("Whitening") { Features = node.OutputShape[0], InFeatures = node.InputShape[0], Kernel = whitening.Kernel, Stride = Size2.Of(1) },
            ActivationLayer activation => new Row(KindName(activation.Activation)) { Argument = Argument(activation.Activation), Approximate = Approximate(activation.Activation) },
            _ => throw Unexpected.Value(node.Layer),
        };

        return new[]
        {
            f.Kind,
            node.Name,
            Invariant.Shape(node.InputShape),
            Invariant.Shape(node.OutputShape),
            Invariant.Long(f.Features),
            Invariant.Long(f.InFeatures),
            Size(f.Kernel),
            Size(f.Stride),
            Size(window?.Padding ?? default),
            Size(window?.ExtraBottomRight ?? default),
            Size(f.Dilation),
            window?.CeilMode == true ? "ceil" : "floor",
            window?.ExcludePadding == true ? "exclude-pad" : "include-pad",
            f.Bias ? "bias" : "no-bias",
            Invariant.Double(f.Argument),
            Invariant.Double(f.Epsilon),
            f.Approximate,
            f.Inline is { } inline ? $"{KindName(inline)}({Invariant.Double(Argument(inline))},{Approximate(inline)})" : "none",
        };
    }

    /// <summary>A frozen weight (scale: false) or bias (center: false) is marked; the first release's names otherwise.</summary>
    private static string BatchNormKind(BatchNormLayer norm, LayerNode node) =>
        (node.InputShape.Count == 3 ? "BatchNorm2d" : "BatchNorm1d") + (norm.Scale ? string.Empty : "/fixed-weight") + (norm.Center ? string.Empty : "/fixed-bias");

    /// <summary>
    /// Frozen names (they are what the first release hashed). They happen to equal TorchSharp's module names, which
    /// the C# emitter writes; they are kept apart on purpose, as only the emitter's may ever change.
    /// </summary>
    private static string KindName(Activation activation) => activation switch
    {
        ReluActivation => "ReLU",
        LeakyReluActivation => "LeakyReLU",
        EluActivation => "ELU",
        GeluActivation => "GELU",
        TanhActivation => "Tanh",
        SigmoidActivation => "Sigmoid",
        SoftmaxActivation => "Softmax",
        LogSoftmaxActivation => "LogSoftmax",
        _ => throw Unexpected.Value(activation),
    };

    private static double Argument(Activation activation) => activation switch
    {
        LeakyReluActivation leaky => leaky.Slope,
        EluActivation elu => elu.Alpha,
        _ => 0,
    };

    private static string Approximate(Activation activation) =>
        activation is GeluActivation { Approximation: GeluApproximation.Tanh } ? "tanh" : "none";

    private static string Size(Size2 size) => $"{Invariant.Long(size.Height)}x{Invariant.Long(size.Width)}";

    /// <summary>The fields of one line; what a layer kind does not have keeps the first release's neutral value.</summary>
    private sealed record Row(string Kind)
    {
        public long Features { get; init; }

        public long InFeatures { get; init; }

        public Size2 Kernel { get; init; }

        public Size2 Stride { get; init; }

        public Size2 Dilation { get; init; } = Size2.Of(1);

        public bool Bias { get; init; } = true;

        public double Argument { get; init; }

        public double Epsilon { get; init; }

        public string Approximate { get; init; } = "none";

        public Activation? Inline { get; init; }
    }
}
