using System.Collections.Generic;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>How each layer is written in TorchSharp: its module type, its construction, its initialisers.</summary>
internal static class TorchSharpCode
{
    /// <summary>
    /// TorchSharp's own defaults for the arguments ModelGen passes. An argument equal to its default is left out, so
    /// the generated constructor reads like hand-written code. (Facts about TorchSharp's API, not the spec's defaults.)
    /// </summary>
    private static class TorchSharpDefaults
    {
        public const long Stride = 1;
        public const long Padding = 0;
        public const long Dilation = 1;
        public const double BatchNormEpsilon = 1e-5;
        public const double BatchNormMomentum = 0.1;
    }

    public static string ModuleType(LayerNode node) => node.Layer switch
    {
        Conv2dLayer => "Conv2d",
        Pool2dLayer { Pooling: PoolingKind.Max } => "MaxPool2d",
        Pool2dLayer => "AvgPool2d",
        GlobalAvgPool2dLayer => "AdaptiveAvgPool2d",
        BatchNormLayer => node.InputShape.Count == 3 ? "BatchNorm2d" : "BatchNorm1d",
        DropoutLayer => "FastDropout",
        FlattenLayer => "Flatten",
        DenseLayer => "Linear",
        RescalingLayer => "Rescaling",
        WhiteningLayer => "Conv2d",
        ActivationLayer activation => ModuleType(activation.Activation),
        _ => throw Unexpected.Value(node.Layer),
    };

    private static string ModuleType(Activation activation) => activation switch
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

    /// <summary>The expression that creates the layer's module.</summary>
    public static string Creation(LayerNode node)
    {
        var window = node.Window;
        switch (node.Layer)
        {
            case Conv2dLayer conv:
            {
                var padding = window!.Padding;
                var tuple = !(conv.Kernel.IsSquare && conv.Stride.IsSquare && padding.IsSquare && conv.Dilation.IsSquare);
                var args = new List<string> { CSharpText.Long(node.InputShape[0]), CSharpText.Long(conv.Filters), "kernel_size: " + CSharpText.Size(conv.Kernel, tuple) };
                AddUnlessDefault(args, "stride", conv.Stride, TorchSharpDefaults.Stride, tuple);
                AddUnlessDefault(args, "padding", padding, TorchSharpDefaults.Padding, tuple);
                AddUnlessDefault(args, "dilation", conv.Dilation, TorchSharpDefaults.Dilation, tuple);
                if (!conv.Bias)
                {
                    args.Add("bias: false");
                }

                return $"Conv2d({string.Join(", ", args)})";
            }

            case Pool2dLayer pool:
            {
                var padding = window!.Padding;
                var tuple = !(pool.Size.IsSquare && pool.Stride.IsSquare && padding.IsSquare);
                var args = new List<string> { "kernel_size: " + CSharpText.Size(pool.Size, tuple) };
                if (pool.Stride != pool.Size)
                {
                    // TorchSharp's stride defaults to the window, as the spec's does.
                    args.Add("stride: " + CSharpText.Size(pool.Stride, tuple));
                }

                AddUnlessDefault(args, "padding", padding, TorchSharpDefaults.Padding, tuple);
                if (window.CeilMode)
                {
                    args.Add("ceil_mode: true");
                }

                if (window.ExcludePadding)
                {
                    args.Add("count_include_pad: false");
                }

                return $"{ModuleType(node)}({string.Join(", ", args)})";
            }

            case GlobalAvgPool2dLayer:
                return "AdaptiveAvgPool2d(1)";
            case BatchNormLayer norm:
            {
                var args = new List<string> { CSharpText.Long(node.InputShape[0]) };
                if (norm.Epsilon != TorchSharpDefaults.BatchNormEpsilon)
                {
                    args.Add("eps: " + CSharpText.Double(norm.Epsilon));
                }

                if (norm.Momentum != TorchSharpDefaults.BatchNormMomentum)
                {
                    args.Add("momentum: " + CSharpText.Double(norm.Momentum));
                }

                return $"{ModuleType(node)}({string.Join(", ", args)})";
            }

            case RescalingLayer rescaling:
                return rescaling.Offset == 0
                    ? $"new Rescaling({CSharpText.Double(rescaling.Scale)})"
                    : $"new Rescaling({CSharpText.Double(rescaling.Scale)}, offset: {CSharpText.Double(rescaling.Offset)})";
            case WhiteningLayer whitening:
                return $"Conv2d({CSharpText.Long(node.InputShape[0])}, {CSharpText.Long(node.OutputShape[0])}, kernel_size: {CSharpText.Size(whitening.Kernel, !whitening.Kernel.IsSquare)})";
            case DropoutLayer dropout:
                return $"new FastDropout({CSharpText.Double(dropout.Rate)})";
            case FlattenLayer:
                return "Flatten()";
            case DenseLayer dense:
                return dense.Bias
                    ? $"Linear({CSharpText.Long(node.InputShape[0])}, {CSharpText.Long(dense.Units)})"
                    : $"Linear({CSharpText.Long(node.InputShape[0])}, {CSharpText.Long(dense.Units)}, hasBias: false)";
            case ActivationLayer activation:
                return activation.Activation switch
                {
                    LeakyReluActivation leaky => $"LeakyReLU({CSharpText.Double(leaky.Slope)})",
                    EluActivation elu => $"ELU({CSharpText.Double(elu.Alpha)})",
                    GeluActivation { Approximation: GeluApproximation.Tanh } => "GELU(TorchSharp.Modules.GELU.Approximate.tanh)",
                    SoftmaxActivation or LogSoftmaxActivation => $"{ModuleType(node)}(dim: 1)",
                    _ => $"{ModuleType(node)}()",
                };
            default:
                throw Unexpected.Value(node.Layer);
        }
    }

    /// <summary>A comment after the creation, where the arguments alone would not say what the spec asked for.</summary>
    public static string? CreationNote(LayerNode node) => node.Layer switch
    {
        Conv2dLayer { Padding.Mode: PaddingMode.Same } or Pool2dLayer { Padding.Mode: PaddingMode.Same } =>
            node.Window!.CeilMode ? "padding: same (Keras): extra cell at the bottom/right via ceil_mode" : "padding: same",
        ActivationLayer { Activation: SoftmaxActivation or LogSoftmaxActivation } => "over features (or channels)",
        WhiteningLayer => "whitening: filters computed in Adapt",
        _ => null,
    };

    /// <summary>
    /// The statements that freeze parameters (requires_grad false, so no optimizer trains them): batch norm's weight
    /// without scale and bias without center (they keep their initial 1 and 0), whitening's filters.
    /// </summary>
    public static IEnumerable<string> Freezes(LayerNode node)
    {
        switch (node.Layer)
        {
            case BatchNormLayer norm:
                if (!norm.Scale)
                {
                    yield return $"{node.Name}.weight!.requires_grad = false;";
                }

                if (!norm.Center)
                {
                    yield return $"{node.Name}.bias!.requires_grad = false;";
                }

                break;
            case WhiteningLayer:
                yield return $"{node.Name}.weight!.requires_grad = false;";
                break;
        }
    }

    /// <summary>The spec's initialisers of a conv2d or dense layer; tensors with the default initialiser are left alone.</summary>
    public static IEnumerable<string> Initializers(LayerNode node)
    {
        var (bias, weightInit, biasInit) = node.Layer switch
        {
            Conv2dLayer conv => (conv.Bias, conv.WeightInit, conv.BiasInit),
            DenseLayer dense => (dense.Bias, dense.WeightInit, dense.BiasInit),
            _ => (false, Initializer.Default, Initializer.Default),
        };

        if (InitializerCall(weightInit, $"{node.Name}.weight!") is { } weight)
        {
            yield return weight;
        }

        if (bias && InitializerCall(biasInit, $"{node.Name}.bias!") is { } biasCall)
        {
            yield return biasCall;
        }
    }

    private static string? InitializerCall(Initializer initializer, string tensor) => initializer switch
    {
        Initializer.Default => null,
        Initializer.GlorotUniform => $"nn.init.xavier_uniform_({tensor});",
        Initializer.GlorotNormal => $"nn.init.xavier_normal_({tensor});",
        Initializer.HeUniform => $"nn.init.kaiming_uniform_({tensor});",
        Initializer.HeNormal => $"nn.init.kaiming_normal_({tensor});",
        Initializer.Zeros => $"nn.init.zeros_({tensor});",
        Initializer.Ones => $"nn.init.ones_({tensor});",
        _ => throw Unexpected.Value(initializer),
    };

    /// <summary>An inline activation applied to <c>x</c> in forward.</summary>
    /// <summary>
    /// Whether an inline activation (one a conv2d or dense layer applies to its own output) overwrites that output
    /// instead of allocating a new tensor, which trains the seed CNN about 10% faster here (README, "Speed"). Safe: the
    /// output is fresh, nothing else reads it, and the layer's backward pass needs its input, not its output; relu,
    /// leaky_relu and elu compute their gradient from their result, which autograd allows for a positive leaky slope.
    /// </summary>
    public static bool RunsInPlace(Activation activation) => activation switch
    {
        ReluActivation or EluActivation => true,
        LeakyReluActivation leaky => leaky.Slope > 0,
        _ => false,
    };

    /// <summary>The functional call that applies <paramref name="activation"/> to <c>x</c>, in place when <paramref name="inPlace"/>.</summary>
    public static string Functional(Activation activation, bool inPlace = false) => activation switch
    {
        ReluActivation => inPlace ? "functional.relu(x, inplace: true)" : "functional.relu(x)",
        LeakyReluActivation leaky => $"functional.leaky_relu(x, {CSharpText.Double(leaky.Slope)}{(inPlace ? ", inplace: true" : string.Empty)})",
        EluActivation elu => $"functional.elu(x, {CSharpText.Double(elu.Alpha)}{(inPlace ? ", inplace: true" : string.Empty)})",
        GeluActivation { Approximation: GeluApproximation.Tanh } => "functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh)",
        GeluActivation => "functional.gelu(x)",
        TanhActivation => "functional.tanh(x)",
        SigmoidActivation => "functional.sigmoid(x)",
        SoftmaxActivation => "functional.softmax(x, 1)",
        LogSoftmaxActivation => "functional.log_softmax(x, 1)",
        _ => throw Unexpected.Value(activation),
    };

    private static void AddUnlessDefault(List<string> args, string name, Size2 value, long torchSharpDefault, bool tuple)
    {
        if (value != Size2.Of(torchSharpDefault))
        {
            args.Add($"{name}: {CSharpText.Size(value, tuple)}");
        }
    }
}
