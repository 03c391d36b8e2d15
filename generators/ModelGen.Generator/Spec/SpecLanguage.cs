using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generator.Spec;

/// <summary>What kind of value a key takes; decides how <see cref="SpecParser"/> reads it.</summary>
internal enum ValueKind
{
    /// <summary>A whole number between <see cref="KeyInfo.Min"/> and <see cref="KeyInfo.Max"/>.</summary>
    Integer,

    /// <summary>A real number; <see cref="KeyInfo.Min"/>/<see cref="KeyInfo.Max"/> bound it.</summary>
    Number,

    Boolean,

    /// <summary>One whole number for both spatial dimensions, or <c>[height, width]</c>.</summary>
    Pair,

    /// <summary><c>same</c>, <c>valid</c>, a number, or <c>[height, width]</c>.</summary>
    Padding,

    /// <summary>One of <see cref="KeyInfo.Choices"/>.</summary>
    Choice,

    /// <summary>An activation: a name, or a one-key mapping from the name to its argument(s).</summary>
    Activation,

    /// <summary>A C# identifier.</summary>
    Identifier,

    /// <summary>A dotted C# namespace.</summary>
    Namespace,

    Text,

    /// <summary>A list of whole numbers (the input shape).</summary>
    Shape,

    /// <summary>One number for every channel, or a list with one number per channel.</summary>
    Numbers,
}

/// <summary>
/// One key of a section or layer: its value kind, bounds, default and documentation, and an example value (YAML
/// text) that shows a typical setting other than the default, for hover in editors.
/// </summary>
internal sealed record KeyInfo(
    string Name,
    ValueKind Kind,
    string Description,
    bool Required = false,
    string? Default = null,
    double Min = double.NegativeInfinity,
    double Max = double.PositiveInfinity,
    bool MinExclusive = false,
    bool MaxExclusive = false,
    IReadOnlyList<string>? Choices = null,
    string? Example = null);

/// <summary>
/// A named entry with arguments: a layer type, an activation, an optimizer or a schedule.
/// In YAML it is written as its bare name, or as a one-key mapping from the name to either its
/// <see cref="PrimaryKey"/> value or a mapping of its keys (<c>- dense: 256</c>, <c>- dense: {units: 256}</c>).
/// </summary>
internal sealed record TaggedInfo(
    string Name,
    string Description,
    IReadOnlyList<KeyInfo> Keys,
    string? PrimaryKey = null,
    string MemberPrefix = "",
    string Example = "")
{
    public KeyInfo? FindKey(string name) => Keys.FirstOrDefault(key => key.Name == name);
}

/// <summary>
/// The spec language in one place: every section, layer type, key, value kind, range, default and
/// choice. The parser validates against it, and documentation and editor schemas derive from it.
/// </summary>
internal static class SpecLanguage
{
    public const double MaxSize = 1_000_000;

    public static readonly IReadOnlyList<string> Initializers = new[]
    {
        "default", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
        "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "zeros", "ones",
    };

    /// <summary>Fan-based initialisers need a 2-D weight, so a bias takes only these.</summary>
    public static readonly IReadOnlyList<string> BiasInitializers = new[] { "default", "zeros", "ones" };

    public static readonly IReadOnlyList<string> Losses = new[]
    {
        "categorical_cross_entropy", "cross_entropy", "nll", "binary_cross_entropy", "mse",
    };

    private static KeyInfo Name() =>
        new("name", ValueKind.Identifier, "The C# member name of this layer (default: the type and its position, e.g. conv1).", Example: "stem");

    private static KeyInfo WeightInit() =>
        new("weight_init", ValueKind.Choice, "How the weights are initialised (default: the model's defaults.weight_init).", Choices: Initializers, Example: "he_uniform");

    private static KeyInfo BiasInit() =>
        new("bias_init", ValueKind.Choice, "How the bias is initialised (default: the model's defaults.bias_init).", Choices: BiasInitializers, Example: "zeros");

    private static KeyInfo Bias() => new("bias", ValueKind.Boolean, "Whether the layer adds a learned bias.", Default: "true", Example: "false");

    private static KeyInfo Activation() =>
        new("activation", ValueKind.Activation, "An activation applied to the layer's output, e.g. relu or {leaky_relu: 0.1}.", Example: "{leaky_relu: 0.1}");

    private static KeyInfo Positive(string name, string description, string example, bool required = false) =>
        new(name, ValueKind.Integer, description, required, Min: 1, Max: MaxSize, Example: example);

    private static KeyInfo PoolPadding() =>
        new("padding", ValueKind.Padding, "valid (no padding), same (output = ceil(input / stride), as Keras), or explicit rows/columns added on each side.", Default: "valid", Min: 0, Max: MaxSize, Example: "same");

    private static TaggedInfo Pool(string name, string prefix, string what) =>
        new(name, $"{what} pooling over height and width.", new[]
        {
            new KeyInfo("size", ValueKind.Pair, "The pooling window: one number, or [height, width].", Default: "2", Min: 1, Max: MaxSize, Example: "[2, 1]"),
            new KeyInfo("stride", ValueKind.Pair, "The step between windows (default: the window size, as Keras).", Min: 1, Max: MaxSize, Example: "1"),
            PoolPadding(),
            Name(),
        }, PrimaryKey: "size", MemberPrefix: prefix, Example: $"- {name}: 2");

    private static TaggedInfo Simple(string name, string prefix, string description) =>
        new(name, description, new[] { Name() }, MemberPrefix: prefix, Example: "- " + name);

    public static readonly IReadOnlyList<TaggedInfo> Activations = new[]
    {
        Simple("relu", "relu", "Rectified linear unit: max(0, x)."),
        new TaggedInfo("leaky_relu", "Leaky ReLU: x if x > 0, else slope * x.", new[]
        {
            new KeyInfo("slope", ValueKind.Number, "The slope for negative inputs (Keras: negative_slope/alpha).", Default: "0.01", Min: 0, Max: MaxSize, Example: "0.2"),
            Name(),
        }, PrimaryKey: "slope", MemberPrefix: "leakyRelu", Example: "- leaky_relu: 0.1"),
        new TaggedInfo("elu", "Exponential linear unit.", new[]
        {
            new KeyInfo("alpha", ValueKind.Number, "The saturation value for negative inputs.", Default: "1.0", Min: 0, Max: MaxSize, Example: "0.5"),
            Name(),
        }, PrimaryKey: "alpha", MemberPrefix: "elu", Example: "- elu: 1.0"),
        new TaggedInfo("gelu", "Gaussian error linear unit.", new[]
        {
            new KeyInfo("approximate", ValueKind.Choice, "none (exact, erf) or tanh (the faster approximation).", Default: "none", Choices: new[] { "none", "tanh" }, Example: "tanh"),
            Name(),
        }, PrimaryKey: "approximate", MemberPrefix: "gelu", Example: "- gelu"),
        Simple("tanh", "tanh", "Hyperbolic tangent."),
        Simple("sigmoid", "sigmoid", "Logistic sigmoid: 1 / (1 + exp(-x))."),
        Simple("softmax", "softmax", "Softmax over the features (or channels) dimension: outputs sum to 1."),
        Simple("log_softmax", "logSoftmax", "Logarithm of softmax, computed stably; pair it with the nll loss."),
    };

    public static readonly IReadOnlyList<TaggedInfo> Layers = new TaggedInfo[]
    {
        new("conv2d", "2-D convolution over [channels, height, width].", new[]
        {
            Positive("filters", "Number of output channels.", "32", required: true),
            new KeyInfo("kernel", ValueKind.Pair, "The kernel size: one number, or [height, width].", Required: true, Min: 1, Max: MaxSize, Example: "[3, 5]"),
            new KeyInfo("stride", ValueKind.Pair, "The step of the kernel: one number, or [height, width].", Default: "1", Min: 1, Max: MaxSize, Example: "2"),
            new KeyInfo("padding", ValueKind.Padding, "valid (no padding), same (output = ceil(input / stride), as Keras), or explicit rows/columns of zeros on each side.", Default: "valid", Min: 0, Max: MaxSize, Example: "same"),
            new KeyInfo("dilation", ValueKind.Pair, "Spacing between kernel elements: one number, or [height, width].", Default: "1", Min: 1, Max: MaxSize, Example: "2"),
            Bias(),
            Activation(),
            WeightInit(),
            BiasInit(),
            Name(),
        }, MemberPrefix: "conv", Example: "- conv2d: {filters: 32, kernel: 3, padding: same, activation: relu}"),
        Pool("max_pool2d", "maxPool", "Max"),
        Pool("avg_pool2d", "avgPool", "Average"),
        new("global_avg_pool2d", "Averages each channel over height and width: [C, H, W] -> [C].", new[] { Name() },
            MemberPrefix: "globalAvgPool", Example: "- global_avg_pool2d"),
        new("batch_norm", "Batch normalisation; 2-D over channels for [C, H, W] inputs, 1-D over features for flat inputs.", new[]
        {
            new KeyInfo("momentum", ValueKind.Number, "PyTorch convention: weight of the new batch in the running statistics (Keras momentum 0.99 = 0.01 here).", Default: "0.1", Min: 0, Max: 1, MinExclusive: true, Example: "0.01"),
            new KeyInfo("eps", ValueKind.Number, "Added to the variance for numerical stability.", Default: "1e-05", Min: 0, Max: 1, MinExclusive: true, Example: "0.001"),
            Name(),
        }, MemberPrefix: "batchNorm", Example: "- batch_norm"),
        new("dropout", "Randomly zeroes a fraction of the inputs while training.", new[]
        {
            new KeyInfo("rate", ValueKind.Number, "The fraction of inputs to drop, in [0, 1).", Required: true, Min: 0, Max: 1, MaxExclusive: true, Example: "0.5"),
            Name(),
        }, PrimaryKey: "rate", MemberPrefix: "dropout", Example: "- dropout: 0.25"),
        Simple("flatten", "flatten", "Flattens [C, H, W] into [C * H * W] for dense layers."),
        new("dense", "Fully connected layer (PyTorch: Linear).", new[]
        {
            Positive("units", "Number of output features.", "256", required: true),
            Bias(),
            Activation(),
            WeightInit(),
            BiasInit(),
            Name(),
        }, PrimaryKey: "units", MemberPrefix: "dense", Example: "- dense: {units: 256, activation: relu}"),
    }.Concat(Activations).ToArray();

    private static KeyInfo LearningRate(string defaultValue) =>
        new("lr", ValueKind.Number, "The initial learning rate.", Default: defaultValue, Min: 0, Max: MaxSize, MinExclusive: true, Example: "0.0003");

    private static KeyInfo WeightDecay(string defaultValue = "0") =>
        new("weight_decay", ValueKind.Number, "L2 penalty (decoupled for adamw).", Default: defaultValue, Min: 0, Max: MaxSize, Example: "0.0001");

    private static KeyInfo Beta(string name, string defaultValue, string example) =>
        new(name, ValueKind.Number, "Exponential decay rate of the moment estimates.", Default: defaultValue, Min: 0, Max: 1, MaxExclusive: true, Example: example);

    private static KeyInfo Eps() =>
        new("eps", ValueKind.Number, "Added to the denominator for numerical stability.", Default: "1e-08", Min: 0, Max: 1, MinExclusive: true, Example: "1e-07");

    private static KeyInfo Momentum() =>
        new("momentum", ValueKind.Number, "Momentum factor.", Default: "0", Min: 0, Max: 1, MaxExclusive: true, Example: "0.9");

    private static TaggedInfo AdamLike(string name, string description, string lr, string weightDecay, bool amsgrad) =>
        new(name, description, new[] { LearningRate(lr), Beta("beta1", "0.9", "0.8"), Beta("beta2", "0.999", "0.99"), Eps(), WeightDecay(weightDecay) }
            .Concat(amsgrad ? new[] { new KeyInfo("amsgrad", ValueKind.Boolean, "Use the AMSGrad variant.", Default: "false", Example: "true") } : Array.Empty<KeyInfo>())
            .ToArray(), PrimaryKey: "lr", Example: $"optimizer: {{{name}: {{lr: {lr}}}}}");

    public static readonly IReadOnlyList<TaggedInfo> Optimizers = new[]
    {
        new TaggedInfo("sgd", "Stochastic gradient descent, optionally with (Nesterov) momentum.", new[]
        {
            LearningRate("0.01"), Momentum(),
            new KeyInfo("nesterov", ValueKind.Boolean, "Use Nesterov momentum (needs momentum > 0).", Default: "false", Example: "true"),
            WeightDecay(),
        }, PrimaryKey: "lr", Example: "optimizer: {sgd: {lr: 0.01, momentum: 0.9, nesterov: true}}"),
        AdamLike("adam", "Adam.", "0.001", "0", amsgrad: true),
        AdamLike("adamw", "Adam with decoupled weight decay.", "0.001", "0.01", amsgrad: true),
        AdamLike("adamax", "Adamax, the infinity-norm variant of Adam.", "0.002", "0", amsgrad: false),
        new TaggedInfo("rmsprop", "RMSprop.", new[]
        {
            LearningRate("0.01"),
            new KeyInfo("alpha", ValueKind.Number, "Smoothing constant of the squared-gradient average (Keras: rho).", Default: "0.99", Min: 0, Max: 1, MaxExclusive: true, Example: "0.9"),
            Eps(), Momentum(),
            new KeyInfo("centered", ValueKind.Boolean, "Normalise by the estimated variance of the gradient.", Default: "false", Example: "true"),
            WeightDecay(),
        }, PrimaryKey: "lr", Example: "optimizer: {rmsprop: {lr: 0.001}}"),
    };

    public static readonly IReadOnlyList<TaggedInfo> Schedules = new[]
    {
        new TaggedInfo("constant", "The learning rate never changes.", Array.Empty<KeyInfo>(), Example: "schedule: constant"),
        new TaggedInfo("exponential", "Multiplies the learning rate by gamma after every epoch.", new[]
        {
            new KeyInfo("gamma", ValueKind.Number, "The factor applied after each epoch.", Required: true, Min: 0, Max: 1, MinExclusive: true, Example: "0.9"),
        }, PrimaryKey: "gamma", Example: "schedule: {exponential: 0.9}"),
        new TaggedInfo("step", "Multiplies the learning rate by gamma every step_size epochs.", new[]
        {
            Positive("step_size", "Epochs between two decays.", "10", required: true),
            new KeyInfo("gamma", ValueKind.Number, "The factor applied every step_size epochs.", Default: "0.1", Min: 0, Max: 1, MinExclusive: true, Example: "0.5"),
        }, PrimaryKey: "step_size", Example: "schedule: {step: {step_size: 10, gamma: 0.5}}"),
        new TaggedInfo("cosine", "Cosine annealing from the initial learning rate down to min_lr.", new[]
        {
            Positive("period", "Epochs of one half cosine (default: the number of epochs).", "50"),
            new KeyInfo("min_lr", ValueKind.Number, "The learning rate at the end of the period.", Default: "0", Min: 0, Max: MaxSize, Example: "0.0001"),
        }, Example: "schedule: {cosine: {min_lr: 0.0001}}"),
    };

    public static readonly IReadOnlyList<KeyInfo> RootKeys = new[]
    {
        new KeyInfo("model", ValueKind.Identifier, "The name of the generated C# class.", Required: true, Example: "Cifar10Cnn"),
        new KeyInfo("namespace", ValueKind.Namespace, "The namespace of the generated class (default: the project's root namespace).", Example: "MyCompany.Models"),
        new KeyInfo("description", ValueKind.Text, "A sentence about the model, copied into the class's documentation.", Example: "A small CNN for CIFAR-10."),
        new KeyInfo("input", ValueKind.Shape, "The shape of one input sample: [channels, height, width] for images or [features].", Required: true, Example: "[3, 32, 32]"),
        new KeyInfo("classes", ValueKind.Integer, "Number of classes; the last layer must output exactly this many values.", Min: 1, Max: MaxSize, Example: "10"),
        new KeyInfo("defaults", ValueKind.Text, "Model-wide defaults for layer settings: weight_init, bias_init.", Example: "{weight_init: he_uniform, bias_init: zeros}"),
        new KeyInfo("layers", ValueKind.Text, "The layers, first to last.", Required: true, Example: "[flatten, {dense: 10}, softmax]"),
        new KeyInfo("training", ValueKind.Text, "How to train the model: optimizer, schedule, loss, batch_size, epochs.", Example: "{optimizer: {adamax: 0.005}, batch_size: 64, epochs: 10}"),
    };

    public static readonly IReadOnlyList<KeyInfo> DefaultsKeys = new[]
    {
        new KeyInfo("weight_init", ValueKind.Choice, "Initialiser of every conv2d and dense weight that does not set its own.", Default: "default", Choices: Initializers, Example: "he_uniform"),
        new KeyInfo("bias_init", ValueKind.Choice, "Initialiser of every conv2d and dense bias that does not set its own.", Default: "default", Choices: BiasInitializers, Example: "zeros"),
    };

    public static readonly IReadOnlyList<KeyInfo> TrainingKeys = new[]
    {
        new KeyInfo("optimizer", ValueKind.Text, "sgd, adam, adamw, adamax or rmsprop, with its settings.", Default: "adam", Example: "{adamax: 0.005}"),
        new KeyInfo("schedule", ValueKind.Text, "How the learning rate changes per epoch: constant, exponential, step or cosine.", Default: "constant", Example: "{exponential: 0.9}"),
        new KeyInfo("loss", ValueKind.Choice, "The loss function.", Default: "categorical_cross_entropy", Choices: Losses, Example: "cross_entropy"),
        new KeyInfo("batch_size", ValueKind.Integer, "Samples per training step.", Default: "32", Min: 1, Max: MaxSize, Example: "64"),
        new KeyInfo("epochs", ValueKind.Integer, "Passes over the training data.", Default: "1", Min: 1, Max: MaxSize, Example: "10"),
        new KeyInfo("normalize", ValueKind.Text, "How raw 8-bit inputs are scaled: (x / 255 - mean) / std, per channel. Default: mean 0.5, std 1, as the Keras CIFAR-10 tutorial.", Example: "{mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.243, 0.261]}"),
    };

    public static readonly IReadOnlyList<KeyInfo> NormalizeKeys = new[]
    {
        new KeyInfo("mean", ValueKind.Numbers, "Subtracted from x / 255: one number, or one per channel.", Default: "0.5", Min: -MaxSize, Max: MaxSize, Example: "[0.4914, 0.4822, 0.4465]"),
        new KeyInfo("std", ValueKind.Numbers, "Divides (x / 255 - mean): one number, or one per channel.", Default: "1.0", Min: 0, Max: MaxSize, MinExclusive: true, Example: "0.25"),
    };

    /// <summary>Names people bring from Keras or PyTorch, mapped to ours, for "did you mean" hints.</summary>
    public static readonly IReadOnlyDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["conv2d"] = "conv2d", ["convolution2d"] = "conv2d", ["conv"] = "conv2d",
        ["maxpooling2d"] = "max_pool2d", ["maxpool2d"] = "max_pool2d", ["maxpool"] = "max_pool2d",
        ["averagepooling2d"] = "avg_pool2d", ["avgpool2d"] = "avg_pool2d",
        ["globalaveragepooling2d"] = "global_avg_pool2d", ["adaptiveavgpool2d"] = "global_avg_pool2d",
        ["batchnormalization"] = "batch_norm", ["batchnorm2d"] = "batch_norm", ["batchnorm1d"] = "batch_norm",
        ["linear"] = "dense", ["fc"] = "dense",
        ["leakyrelu"] = "leaky_relu", ["logsoftmax"] = "log_softmax",
        ["kernel_size"] = "kernel", ["pool_size"] = "size", ["strides"] = "stride", ["dilation_rate"] = "dilation",
        ["out_channels"] = "filters", ["out_features"] = "units", ["use_bias"] = "bias",
        ["kernel_initializer"] = "weight_init", ["bias_initializer"] = "bias_init",
        ["negative_slope"] = "slope", ["p"] = "rate", ["learning_rate"] = "lr", ["rho"] = "alpha",
        ["epsilon"] = "eps", ["input_shape"] = "input", ["num_classes"] = "classes", ["name_space"] = "namespace",
        ["categorical_crossentropy"] = "categorical_cross_entropy", ["sparse_categorical_crossentropy"] = "categorical_cross_entropy",
        ["sparse_categorical_cross_entropy"] = "categorical_cross_entropy", ["crossentropy"] = "cross_entropy",
        ["binary_crossentropy"] = "binary_cross_entropy", ["mean_squared_error"] = "mse",
        ["xavier"] = "glorot_uniform", ["glorot"] = "glorot_uniform", ["kaiming"] = "he_uniform", ["he"] = "he_uniform",
    };

    public static TaggedInfo? FindLayer(string name) => Layers.FirstOrDefault(layer => layer.Name == name);
}
