using System.Linq;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Language;

/// <summary>The layer types of the spec language (activations aside: see <see cref="ActivationCatalogue"/>).</summary>
internal enum LayerType
{
    Conv2d,
    MaxPool2d,
    AvgPool2d,
    GlobalAvgPool2d,
    BatchNorm,
    Dropout,
    Flatten,
    Dense,
    Rescaling,
    Whitening,
}

/// <summary>The activations, as layers of their own and inside conv2d and dense.</summary>
internal enum ActivationType
{
    Relu,
    LeakyRelu,
    Elu,
    Gelu,
    Tanh,
    Sigmoid,
    Softmax,
    LogSoftmax,
}

/// <summary>Every key a layer or activation can take: its type, range, default, documentation and example.</summary>
internal static class LayerKeys
{
    public static readonly KeyInfo Name =
        new("name", ValueKind.Identifier, "The C# member name of this layer (default: the type and its position, e.g. conv1).", Example: "stem");

    public static readonly KeyInfo WeightInit =
        new("weight_init", ValueKind.Choice, "How the weights are initialised (default: the model's defaults.weight_init).", Choices: Choices.Initializers, Example: "he_uniform");

    public static readonly KeyInfo BiasInit =
        new("bias_init", ValueKind.Choice, "How the bias is initialised (default: the model's defaults.bias_init).", Choices: Choices.BiasInitializers, Example: "zeros");

    public static readonly KeyInfo Bias = new("bias", ValueKind.Boolean, "Whether the layer adds a learned bias.", Default: "true", Example: "false");

    public static readonly KeyInfo Activation =
        new("activation", ValueKind.Activation, "An activation applied to the layer's output, e.g. relu or {leaky_relu: 0.1}.", Example: "{leaky_relu: 0.1}");

    public static readonly KeyInfo Filters = Positive("filters", "Number of output channels.", "32", required: true);

    public static readonly KeyInfo Kernel =
        new("kernel", ValueKind.Pair, "The kernel size: one number, or [height, width].", Required: true, Min: 1, Max: SpecLanguage.MaxSize, Example: "[3, 5]");

    public static readonly KeyInfo ConvStride =
        new("stride", ValueKind.Pair, "The step of the kernel: one number, or [height, width].", Default: "1", Min: 1, Max: SpecLanguage.MaxSize, Example: "2");

    public static readonly KeyInfo ConvPadding =
        new("padding", ValueKind.Padding, "valid (no padding), same (output = ceil(input / stride), as Keras), or explicit rows/columns of zeros on each side.", Default: "valid", Min: 0, Max: SpecLanguage.MaxSize, Example: "same");

    public static readonly KeyInfo Dilation =
        new("dilation", ValueKind.Pair, "Spacing between kernel elements: one number, or [height, width].", Default: "1", Min: 1, Max: SpecLanguage.MaxSize, Example: "2");

    public static readonly KeyInfo PoolSize =
        new("size", ValueKind.Pair, "The pooling window: one number, or [height, width].", Default: "2", Min: 1, Max: SpecLanguage.MaxSize, Example: "[2, 1]");

    /// <summary>No default in the catalogue: it is the window size, as in Keras.</summary>
    public static readonly KeyInfo PoolStride =
        new("stride", ValueKind.Pair, "The step between windows (default: the window size, as Keras).", Min: 1, Max: SpecLanguage.MaxSize, Example: "1");

    public static readonly KeyInfo PoolPadding =
        new("padding", ValueKind.Padding, "valid (no padding), same (output = ceil(input / stride), as Keras), or explicit rows/columns added on each side.", Default: "valid", Min: 0, Max: SpecLanguage.MaxSize, Example: "same");

    public static readonly KeyInfo Momentum =
        new("momentum", ValueKind.Number, "PyTorch convention: weight of the new batch in the running statistics (Keras momentum 0.99 = 0.01 here).", Default: "0.1", Min: 0, Max: 1, MinExclusive: true, Example: "0.01");

    public static readonly KeyInfo Epsilon =
        new("eps", ValueKind.Number, "Added to the variance for numerical stability.", Default: "1e-05", Min: 0, Max: 1, MinExclusive: true, Example: "0.001");

    public static readonly KeyInfo Scale =
        new("scale", ValueKind.Boolean, "Whether the layer multiplies by a learned per-feature weight (gamma), as Keras's scale; false: the weight stays 1 and is not trained.", Default: "true", Example: "false");

    public static readonly KeyInfo Center =
        new("center", ValueKind.Boolean, "Whether the layer adds a learned per-feature bias (beta), as Keras's center; false: the bias stays 0 and is not trained.", Default: "true", Example: "false");

    public static readonly KeyInfo RescaleFactor =
        new("scale", ValueKind.Number, "Multiplies every value (Keras Rescaling's scale).", Required: true, Min: -SpecLanguage.MaxSize, Max: SpecLanguage.MaxSize, Example: "0.1111");

    public static readonly KeyInfo Offset =
        new("offset", ValueKind.Number, "Added after the scaling.", Default: "0", Min: -SpecLanguage.MaxSize, Max: SpecLanguage.MaxSize, Example: "-1");

    public static readonly KeyInfo WhiteningKernel =
        new("kernel", ValueKind.Pair, "The patch size: one number, or [height, width]; the layer has 2 x channels x height x width filters.", Default: "2", Min: 1, Max: SpecLanguage.MaxSize, Example: "3");

    public static readonly KeyInfo WhiteningEpsilon =
        new("eps", ValueKind.Number, "Added to each eigenvalue before its square root divides the eigenvector.", Default: "0.0005", Min: 0, Max: 1, MinExclusive: true, Example: "0.01");

    public static readonly KeyInfo WhiteningImages =
        new("images", ValueKind.Integer, "How many training images (the first ones, normalised) the filters are computed from.", Default: "5000", Min: 1, Max: SpecLanguage.MaxSize, Example: "1000");

    public static readonly KeyInfo Rate =
        new("rate", ValueKind.Number, "The fraction of inputs to drop, in [0, 1).", Required: true, Min: 0, Max: 1, MaxExclusive: true, Example: "0.5");

    public static readonly KeyInfo Units = Positive("units", "Number of output features.", "256", required: true);

    public static readonly KeyInfo Slope =
        new("slope", ValueKind.Number, "The slope for negative inputs (Keras: negative_slope/alpha).", Default: "0.01", Min: 0, Max: SpecLanguage.MaxSize, Example: "0.2");

    public static readonly KeyInfo Alpha =
        new("alpha", ValueKind.Number, "The saturation value for negative inputs.", Default: "1.0", Min: 0, Max: SpecLanguage.MaxSize, Example: "0.5");

    public static readonly KeyInfo Approximate =
        new("approximate", ValueKind.Choice, "none (exact, erf) or tanh (the faster approximation).", Default: "none", Choices: Choices.GeluApproximations, Example: "tanh");

    public static KeyInfo Positive(string name, string description, string example, bool required = false) =>
        new(name, ValueKind.Integer, description, required, Min: 1, Max: SpecLanguage.MaxSize, Example: example);
}

/// <summary>The activations, in the order documentation lists them.</summary>
internal static class ActivationCatalogue
{
    public static readonly TaggedInfo<ActivationType> Relu = Simple(ActivationType.Relu, "relu", "relu", "Rectified linear unit: max(0, x).");

    public static readonly TaggedInfo<ActivationType> LeakyRelu = new(ActivationType.LeakyRelu, "leaky_relu", "Leaky ReLU: x if x > 0, else slope * x.",
        new[] { LayerKeys.Slope, LayerKeys.Name }, LayerKeys.Slope, "leakyRelu", "- leaky_relu: 0.1");

    public static readonly TaggedInfo<ActivationType> Elu = new(ActivationType.Elu, "elu", "Exponential linear unit.",
        new[] { LayerKeys.Alpha, LayerKeys.Name }, LayerKeys.Alpha, "elu", "- elu: 1.0");

    public static readonly TaggedInfo<ActivationType> Gelu = new(ActivationType.Gelu, "gelu", "Gaussian error linear unit.",
        new[] { LayerKeys.Approximate, LayerKeys.Name }, LayerKeys.Approximate, "gelu", "- gelu");

    public static readonly TaggedInfo<ActivationType> Tanh = Simple(ActivationType.Tanh, "tanh", "tanh", "Hyperbolic tangent.");

    public static readonly TaggedInfo<ActivationType> Sigmoid = Simple(ActivationType.Sigmoid, "sigmoid", "sigmoid", "Logistic sigmoid: 1 / (1 + exp(-x)).");

    public static readonly TaggedInfo<ActivationType> Softmax = Simple(ActivationType.Softmax, "softmax", "softmax", "Softmax over the features (or channels) dimension: outputs sum to 1.");

    public static readonly TaggedInfo<ActivationType> LogSoftmax = Simple(ActivationType.LogSoftmax, "log_softmax", "logSoftmax", "Logarithm of softmax, computed stably; pair it with the nll loss.");

    public static readonly IReadOnlyList<TaggedInfo<ActivationType>> All = new[] { Relu, LeakyRelu, Elu, Gelu, Tanh, Sigmoid, Softmax, LogSoftmax };

    /// <summary>The spec's name of an activation in the model (for summaries).</summary>
    public static string NameOf(Activation activation) => activation switch
    {
        ReluActivation => Relu.Name,
        LeakyReluActivation => LeakyRelu.Name,
        EluActivation => Elu.Name,
        GeluActivation => Gelu.Name,
        TanhActivation => Tanh.Name,
        SigmoidActivation => Sigmoid.Name,
        SoftmaxActivation => Softmax.Name,
        LogSoftmaxActivation => LogSoftmax.Name,
        _ => throw Common.Unexpected.Value(activation),
    };

    private static TaggedInfo<ActivationType> Simple(ActivationType kind, string name, string prefix, string description) =>
        new(kind, name, description, new[] { LayerKeys.Name }, memberPrefix: prefix, example: "- " + name);
}

/// <summary>The layer types, in the order documentation lists them.</summary>
internal static class LayerCatalogue
{
    public static readonly TaggedInfo<LayerType> Conv2d = new(LayerType.Conv2d, "conv2d", "2-D convolution over [channels, height, width].", new[]
    {
        LayerKeys.Filters, LayerKeys.Kernel, LayerKeys.ConvStride, LayerKeys.ConvPadding, LayerKeys.Dilation, LayerKeys.Bias, LayerKeys.Activation,
        LayerKeys.WeightInit, LayerKeys.BiasInit, LayerKeys.Name,
    }, memberPrefix: "conv", example: "- conv2d: {filters: 32, kernel: 3, padding: same, activation: relu}");

    public static readonly TaggedInfo<LayerType> MaxPool2d = Pool(LayerType.MaxPool2d, "max_pool2d", "maxPool", "Max");

    public static readonly TaggedInfo<LayerType> AvgPool2d = Pool(LayerType.AvgPool2d, "avg_pool2d", "avgPool", "Average");

    public static readonly TaggedInfo<LayerType> GlobalAvgPool2d = new(LayerType.GlobalAvgPool2d, "global_avg_pool2d",
        "Averages each channel over height and width: [C, H, W] -> [C].", new[] { LayerKeys.Name }, memberPrefix: "globalAvgPool", example: "- global_avg_pool2d");

    public static readonly TaggedInfo<LayerType> BatchNorm = new(LayerType.BatchNorm, "batch_norm",
        "Batch normalisation; 2-D over channels for [C, H, W] inputs, 1-D over features for flat inputs.",
        new[] { LayerKeys.Momentum, LayerKeys.Epsilon, LayerKeys.Scale, LayerKeys.Center, LayerKeys.Name }, memberPrefix: "batchNorm", example: "- batch_norm");

    public static readonly TaggedInfo<LayerType> Dropout = new(LayerType.Dropout, "dropout", "Randomly zeroes a fraction of the inputs while training.",
        new[] { LayerKeys.Rate, LayerKeys.Name }, LayerKeys.Rate, "dropout", "- dropout: 0.25");

    public static readonly TaggedInfo<LayerType> Flatten = new(LayerType.Flatten, "flatten", "Flattens [C, H, W] into [C * H * W] for dense layers.",
        new[] { LayerKeys.Name }, memberPrefix: "flatten", example: "- flatten");

    public static readonly TaggedInfo<LayerType> Dense = new(LayerType.Dense, "dense", "Fully connected layer (PyTorch: Linear).", new[]
    {
        LayerKeys.Units, LayerKeys.Bias, LayerKeys.Activation, LayerKeys.WeightInit, LayerKeys.BiasInit, LayerKeys.Name,
    }, LayerKeys.Units, "dense", "- dense: {units: 256, activation: relu}");

    public static readonly TaggedInfo<LayerType> Rescaling = new(LayerType.Rescaling, "rescaling", "Multiplies by scale and adds offset (Keras Rescaling): no parameters, shape unchanged.",
        new[] { LayerKeys.RescaleFactor, LayerKeys.Offset, LayerKeys.Name }, LayerKeys.RescaleFactor, "rescaling", "- rescaling: 0.1111");

    public static readonly TaggedInfo<LayerType> Whitening = new(LayerType.Whitening, "whitening",
        "A frozen patch-whitening convolution (airbench): the first layer, its filters computed from training patches before training; its bias trains.",
        new[] { LayerKeys.WhiteningKernel, LayerKeys.WhiteningEpsilon, LayerKeys.WhiteningImages, LayerKeys.Name }, LayerKeys.WhiteningKernel, "whiten", "- whitening: 2");

    /// <summary>Every layer type, activations included: what <c>- type</c> in <c>layers:</c> may name.</summary>
    public static readonly IReadOnlyList<TaggedInfo> All = new TaggedInfo[] { Conv2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d, BatchNorm, Dropout, Flatten, Dense, Rescaling, Whitening }
        .Concat(ActivationCatalogue.All).ToArray();

    /// <summary>The spec's layer type of a layer in the model (for summaries and messages).</summary>
    public static string NameOf(Layer layer) => layer switch
    {
        Conv2dLayer => Conv2d.Name,
        Pool2dLayer { Pooling: PoolingKind.Max } => MaxPool2d.Name,
        Pool2dLayer => AvgPool2d.Name,
        GlobalAvgPool2dLayer => GlobalAvgPool2d.Name,
        BatchNormLayer => BatchNorm.Name,
        DropoutLayer => Dropout.Name,
        FlattenLayer => Flatten.Name,
        DenseLayer => Dense.Name,
        RescalingLayer => Rescaling.Name,
        WhiteningLayer => Whitening.Name,
        ActivationLayer activation => ActivationCatalogue.NameOf(activation.Activation),
        _ => throw Common.Unexpected.Value(layer),
    };

    private static TaggedInfo<LayerType> Pool(LayerType kind, string name, string prefix, string what) =>
        new(kind, name, $"{what} pooling over height and width.", new[] { LayerKeys.PoolSize, LayerKeys.PoolStride, LayerKeys.PoolPadding, LayerKeys.Name },
            LayerKeys.PoolSize, prefix, $"- {name}: 2");
}
