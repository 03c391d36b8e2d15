using System.Collections.Generic;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>
/// How each layer is written in PyTorch: its module class, its constructor arguments, its initialisers and its inline
/// activation. The PyTorch twin of the C# backend's TorchSharpCode: the same modules with the same settings, so the
/// two networks compute the same function and have the same state_dict() keys.
/// </summary>
internal static class TorchCode
{
    /// <summary>
    /// PyTorch's own defaults for the arguments ModelGen passes. An argument equal to its default is left out, so the
    /// generated constructor reads like hand-written code. (Facts about PyTorch's API, not the spec's defaults.)
    /// </summary>
    private static class PyTorchDefaults
    {
        public const long Stride = 1;
        public const long Padding = 0;
        public const long Dilation = 1;
        public const double BatchNormEpsilon = 1e-5;
        public const double BatchNormMomentum = 0.1;
    }

    public static string ModuleClass(LayerNode node) => node.Layer switch
    {
        Conv2dLayer => "nn.Conv2d",
        Pool2dLayer { Pooling: PoolingKind.Max } => "nn.MaxPool2d",
        Pool2dLayer => "nn.AvgPool2d",
        GlobalAvgPool2dLayer => "nn.AdaptiveAvgPool2d",
        BatchNormLayer => node.InputShape.Count == 3 ? "nn.BatchNorm2d" : "nn.BatchNorm1d",
        DropoutLayer => "nn.Dropout",
        FlattenLayer => "nn.Flatten",
        DenseLayer => "nn.Linear",
        RescalingLayer => "Rescaling",
        WhiteningLayer => "nn.Conv2d",
        ActivationLayer activation => ModuleClass(activation.Activation),
        _ => throw Unexpected.Value(node.Layer),
    };

    private static string ModuleClass(Activation activation) => activation switch
    {
        ReluActivation => "nn.ReLU",
        LeakyReluActivation => "nn.LeakyReLU",
        EluActivation => "nn.ELU",
        GeluActivation => "nn.GELU",
        TanhActivation => "nn.Tanh",
        SigmoidActivation => "nn.Sigmoid",
        SoftmaxActivation => "nn.Softmax",
        LogSoftmaxActivation => "nn.LogSoftmax",
        _ => throw Unexpected.Value(activation),
    };

    /// <summary>The constructor arguments of the layer's module.</summary>
    public static IReadOnlyList<string> Arguments(LayerNode node)
    {
        var window = node.Window;
        switch (node.Layer)
        {
            case Conv2dLayer conv:
            {
                var padding = window!.Padding;
                var tuple = !(conv.Kernel.IsSquare && conv.Stride.IsSquare && padding.IsSquare && conv.Dilation.IsSquare);
                var args = new List<string> { PythonText.Int(node.InputShape[0]), PythonText.Int(conv.Filters), "kernel_size=" + PythonText.Size(conv.Kernel, tuple) };
                AddUnlessDefault(args, "stride", conv.Stride, PyTorchDefaults.Stride, tuple);
                AddUnlessDefault(args, "padding", padding, PyTorchDefaults.Padding, tuple);
                AddUnlessDefault(args, "dilation", conv.Dilation, PyTorchDefaults.Dilation, tuple);
                if (!conv.Bias)
                {
                    args.Add("bias=False");
                }

                return args;
            }

            case Pool2dLayer pool:
            {
                var padding = window!.Padding;
                var tuple = !(pool.Size.IsSquare && pool.Stride.IsSquare && padding.IsSquare);
                var args = new List<string> { "kernel_size=" + PythonText.Size(pool.Size, tuple) };
                if (pool.Stride != pool.Size)
                {
                    // PyTorch's stride defaults to the window, as the spec's does.
                    args.Add("stride=" + PythonText.Size(pool.Stride, tuple));
                }

                AddUnlessDefault(args, "padding", padding, PyTorchDefaults.Padding, tuple);
                if (window.CeilMode)
                {
                    args.Add("ceil_mode=True");
                }

                if (window.ExcludePadding)
                {
                    args.Add("count_include_pad=False");
                }

                return args;
            }

            case GlobalAvgPool2dLayer:
                return new[] { "1" };
            case BatchNormLayer norm:
            {
                var args = new List<string> { PythonText.Int(node.InputShape[0]) };
                if (norm.Epsilon != PyTorchDefaults.BatchNormEpsilon)
                {
                    args.Add("eps=" + PythonText.Float(norm.Epsilon));
                }

                if (norm.Momentum != PyTorchDefaults.BatchNormMomentum)
                {
                    args.Add("momentum=" + PythonText.Float(norm.Momentum));
                }

                return args;
            }

            case RescalingLayer rescaling:
                return rescaling.Offset == 0
                    ? new[] { PythonText.Float(rescaling.Scale) }
                    : new[] { PythonText.Float(rescaling.Scale), "offset=" + PythonText.Float(rescaling.Offset) };
            case WhiteningLayer whitening:
                return new[] { PythonText.Int(node.InputShape[0]), PythonText.Int(node.OutputShape[0]), "kernel_size=" + PythonText.Size(whitening.Kernel, !whitening.Kernel.IsSquare) };
            case DropoutLayer dropout:
                return new[] { PythonText.Float(dropout.Rate) };
            case FlattenLayer:
                return new string[0];
            case DenseLayer dense:
                return dense.Bias
                    ? new[] { PythonText.Int(node.InputShape[0]), PythonText.Int(dense.Units) }
                    : new[] { PythonText.Int(node.InputShape[0]), PythonText.Int(dense.Units), "bias=False" };
            case ActivationLayer activation:
                return activation.Activation switch
                {
                    LeakyReluActivation leaky => new[] { PythonText.Float(leaky.Slope) },
                    EluActivation elu => new[] { "alpha=" + PythonText.Float(elu.Alpha) },
                    GeluActivation { Approximation: GeluApproximation.Tanh } => new[] { "approximate=\"tanh\"" },
                    SoftmaxActivation or LogSoftmaxActivation => new[] { "dim=1" },
                    _ => new string[0],
                };
            default:
                throw Unexpected.Value(node.Layer);
        }
    }

    /// <summary>A comment after the creation, where the arguments alone would not say what the spec asked for.</summary>
    public static string? CreationNote(LayerNode node) => node.Layer switch
    {
        Conv2dLayer { Padding.Mode: PaddingMode.Same } when node.Window!.ExtraBottomRight != default =>
            "padding: same (Keras): the extra row/column is padded in forward",
        Conv2dLayer { Padding.Mode: PaddingMode.Same } or Pool2dLayer { Padding.Mode: PaddingMode.Same } =>
            node.Window!.CeilMode ? "padding: same (Keras): extra cell at the bottom/right via ceil_mode" : "padding: same",
        ActivationLayer { Activation: SoftmaxActivation or LogSoftmaxActivation } => "over features (or channels)",
        WhiteningLayer => "whitening: filters computed in adapt",
        _ => null,
    };

    /// <summary>
    /// The statements that freeze parameters (no gradient, so no optimizer trains them), as the C# constructor's:
    /// batch norm's weight without scale and bias without center, whitening's filters.
    /// </summary>
    public static IEnumerable<string> Freezes(LayerNode node)
    {
        switch (node.Layer)
        {
            case BatchNormLayer norm:
                if (!norm.Scale)
                {
                    yield return $"self.{node.Name}.weight.requires_grad_(False)";
                }

                if (!norm.Center)
                {
                    yield return $"self.{node.Name}.bias.requires_grad_(False)";
                }

                break;
            case WhiteningLayer:
                yield return $"self.{node.Name}.weight.requires_grad_(False)";
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

        if (InitializerCall(weightInit, $"self.{node.Name}.weight") is { } weight)
        {
            yield return weight;
        }

        if (bias && InitializerCall(biasInit, $"self.{node.Name}.bias") is { } biasCall)
        {
            yield return biasCall;
        }
    }

    /// <summary>
    /// The spec's initialiser as the C# constructor calls it: TorchSharp's and PyTorch's init functions have the same
    /// defaults (gain 1; fan_in and leaky_relu with a = 0 for He).
    /// </summary>
    private static string? InitializerCall(Initializer initializer, string tensor) => initializer switch
    {
        Initializer.Default => null,
        Initializer.GlorotUniform => $"nn.init.xavier_uniform_({tensor})",
        Initializer.GlorotNormal => $"nn.init.xavier_normal_({tensor})",
        Initializer.HeUniform => $"nn.init.kaiming_uniform_({tensor})",
        Initializer.HeNormal => $"nn.init.kaiming_normal_({tensor})",
        Initializer.Zeros => $"nn.init.zeros_({tensor})",
        Initializer.Ones => $"nn.init.ones_({tensor})",
        _ => throw Unexpected.Value(initializer),
    };

    /// <summary>An inline activation applied to <c>x</c> in forward (torch.tanh and torch.sigmoid: F's are deprecated).</summary>
    public static string Functional(Activation activation) => activation switch
    {
        ReluActivation => "F.relu(x)",
        LeakyReluActivation leaky => $"F.leaky_relu(x, {PythonText.Float(leaky.Slope)})",
        EluActivation elu => $"F.elu(x, {PythonText.Float(elu.Alpha)})",
        GeluActivation { Approximation: GeluApproximation.Tanh } => "F.gelu(x, approximate=\"tanh\")",
        GeluActivation => "F.gelu(x)",
        TanhActivation => "torch.tanh(x)",
        SigmoidActivation => "torch.sigmoid(x)",
        SoftmaxActivation => "F.softmax(x, dim=1)",
        LogSoftmaxActivation => "F.log_softmax(x, dim=1)",
        _ => throw Unexpected.Value(activation),
    };

    private static void AddUnlessDefault(List<string> args, string name, Size2 value, long pytorchDefault, bool tuple)
    {
        if (value != Size2.Of(pytorchDefault))
        {
            args.Add($"{name}={PythonText.Size(value, tuple)}");
        }
    }
}
