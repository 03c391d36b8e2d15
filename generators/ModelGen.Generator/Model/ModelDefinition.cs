using ModelGen.Generator.Common;

namespace ModelGen.Generator.Model;

/// <summary>
/// A checked, shape-inferred model: everything the emitter needs and nothing else (no source positions,
/// so reformatting a spec or editing its comments leaves this value, and the generated code, cached).
/// Plain data with value equality, as incremental pipelines require.
/// </summary>
public sealed record ModelDefinition(
    string Name,
    string Namespace,
    string SourceFileName,
    string? Description,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape,
    long ParameterCount,
    long BufferCount,
    long? Classes,
    EquatableArray<LayerDefinition> Layers,
    TrainingDefinition Training);

public enum LayerKind
{
    Conv2d,
    MaxPool2d,
    AvgPool2d,
    GlobalAvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Dropout,
    Flatten,
    Dense,
    ReLU,
    LeakyReLU,
    ELU,
    GELU,
    Tanh,
    Sigmoid,
    Softmax,
    LogSoftmax,
}

/// <summary>A height/width pair as emitted (kernel, stride, padding, dilation).</summary>
public readonly record struct Size2(long Height, long Width)
{
    public bool IsSquare => Height == Width;

    public static Size2 Of(long value) => new(value, value);
}

/// <summary>An activation applied inside a conv2d or dense layer, or as a layer of its own.</summary>
public readonly record struct ActivationDefinition(LayerKind Kind, double Argument, string Approximate);

/// <summary>One layer with its settings resolved (defaults applied, "same" padding computed) and its shapes.</summary>
public sealed record LayerDefinition(
    LayerKind Kind,
    string SpecType,
    string MemberName,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape,
    long ParameterCount)
{
    /// <summary>Output channels (conv2d), units (dense) or normalised features (batch_norm).</summary>
    public long Features { get; init; }

    /// <summary>Input channels (conv2d) or input features (dense).</summary>
    public long InFeatures { get; init; }

    public Size2 Kernel { get; init; }

    public Size2 Stride { get; init; }

    public Size2 Padding { get; init; }

    public Size2 Dilation { get; init; } = Size2.Of(1);

    /// <summary>Zero rows (bottom) and columns (right) added before a conv2d for Keras's uneven "same" padding.</summary>
    public Size2 ExtraPadding { get; init; }

    /// <summary>How the spec asked for padding: valid, same or explicit (for comments).</summary>
    public string PaddingMode { get; init; } = "valid";

    /// <summary>Pooling rounds the output size up (how Keras "same" pooling is expressed in PyTorch).</summary>
    public bool CeilMode { get; init; }

    /// <summary>Average pooling ignores padded cells (Keras "same" semantics).</summary>
    public bool ExcludePadding { get; init; }

    public bool Bias { get; init; } = true;

    /// <summary>Dropout rate, batch-norm momentum, leaky-ReLU slope or ELU alpha.</summary>
    public double Argument { get; init; }

    /// <summary>Batch-norm epsilon.</summary>
    public double Epsilon { get; init; }

    /// <summary>GELU approximation: none or tanh.</summary>
    public string Approximate { get; init; } = "none";

    public ActivationDefinition? Activation { get; init; }

    public string WeightInit { get; init; } = "default";

    public string BiasInit { get; init; } = "default";
}

/// <summary>The training settings of the spec, defaults applied.</summary>
public sealed record TrainingDefinition(
    string Optimizer,
    double LearningRate,
    string Schedule,
    string Loss,
    long BatchSize,
    long Epochs)
{
    public double Momentum { get; init; }

    public bool Nesterov { get; init; }

    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    public bool Amsgrad { get; init; }

    public double Alpha { get; init; } = 0.99;

    public bool Centered { get; init; }

    public double Gamma { get; init; }

    public long StepSize { get; init; }

    public long? Period { get; init; }

    public double MinLearningRate { get; init; }

    /// <summary>Subtracted from raw inputs scaled to [0, 1]: one value per channel (or one for all).</summary>
    public EquatableArray<double> NormalizeMean { get; init; } = EquatableArray.Create(0.5);

    /// <summary>Divides the centred inputs: one value per channel (or one for all).</summary>
    public EquatableArray<double> NormalizeStd { get; init; } = EquatableArray.Create(1.0);
}
