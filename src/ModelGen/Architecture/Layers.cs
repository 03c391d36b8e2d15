namespace ModelGen.Architecture;

/// <summary>
/// One layer of a generated network, as data: its name (the C# field, and its prefix in <c>state_dict()</c>), the
/// shapes it maps between (without the batch dimension) and, in each subtype, every setting. Exporters and summaries
/// read these instead of the TorchSharp modules.
/// </summary>
/// <param name="Name">The layer's member name.</param>
/// <param name="InputShape">The shape of one input sample.</param>
/// <param name="OutputShape">The shape of one output sample.</param>
/// <param name="ParameterCount">Trainable parameters.</param>
/// <param name="MultiplyAdds">Multiply-adds of one example's forward pass, as the compiler counted them (torchinfo's
/// convention: each weight and bias once per output position; zero for layers without parameters).</param>
public abstract record Layer(string Name, Shape InputShape, Shape OutputShape, long ParameterCount = 0, long MultiplyAdds = 0)
{
    /// <summary>The layer's type in the spec language (<c>conv2d</c>).</summary>
    public abstract string Type { get; }

    /// <summary>The activation applied inside the layer (conv2d and dense), if any.</summary>
    public virtual Activation? InlineActivation => null;

    /// <summary>Non-trainable values the layer keeps (batch-norm running statistics).</summary>
    public virtual long BufferCount => 0;

    /// <summary>The summary's type column: the type and its inline activation (<c>conv2d + relu</c>).</summary>
    public string Description => InlineActivation is { } activation ? $"{Type} + {activation.Name}" : Type;
}

/// <summary>2-D convolution, with the padding placed as computed (asymmetric for Keras's uneven "same").</summary>
public sealed record Conv2dLayer(
    string Name,
    Shape InputShape,
    Shape OutputShape,
    long ParameterCount,
    long MultiplyAdds,
    Size2 Kernel,
    Size2 Stride,
    Padding2d Padding,
    Size2 Dilation,
    bool Bias,
    Activation? Activation,
    Initializer WeightInit,
    Initializer BiasInit) : Layer(Name, InputShape, OutputShape, ParameterCount, MultiplyAdds)
{
    /// <inheritdoc />
    public override string Type => "conv2d";

    /// <inheritdoc />
    public override Activation? InlineActivation => Activation;

    /// <summary>Input channels.</summary>
    public long InChannels => InputShape[0];

    /// <summary>Output channels.</summary>
    public long Filters => OutputShape[0];
}

/// <summary>
/// Max or average pooling over height and width. <c>CeilMode</c>: the output size rounds up (PyTorch's and ONNX's
/// ceil_mode). <c>CountIncludePad</c>: average pooling counts padded cells in each average (false for Keras's "same").
/// </summary>
public sealed record Pool2dLayer(
    string Name,
    Shape InputShape,
    Shape OutputShape,
    PoolingKind Pooling,
    Size2 Size,
    Size2 Stride,
    Padding2d Padding,
    bool CeilMode,
    bool CountIncludePad) : Layer(Name, InputShape, OutputShape)
{
    /// <inheritdoc />
    public override string Type => Pooling == PoolingKind.Max ? "max_pool2d" : "avg_pool2d";
}

/// <summary>Averages each channel over height and width: [C, H, W] -> [C].</summary>
public sealed record GlobalAvgPool2dLayer(string Name, Shape InputShape, Shape OutputShape) : Layer(Name, InputShape, OutputShape)
{
    /// <inheritdoc />
    public override string Type => "global_avg_pool2d";
}

/// <summary>
/// Batch normalisation: 2-D over channels for [C, H, W] inputs, 1-D over features for flat ones. <c>Momentum</c>
/// follows PyTorch: the weight of the new batch in the running statistics.
/// </summary>
public sealed record BatchNormLayer(
    string Name, Shape InputShape, Shape OutputShape, long ParameterCount, long MultiplyAdds, double Momentum, double Epsilon)
    : Layer(Name, InputShape, OutputShape, ParameterCount, MultiplyAdds)
{
    /// <inheritdoc />
    public override string Type => "batch_norm";

    /// <summary>Channels or features normalised.</summary>
    public long Features => InputShape[0];

    /// <summary>Running mean and variance per feature, and the batch counter.</summary>
    public override long BufferCount => (2 * Features) + 1;
}

/// <summary>Zeroes a fraction <paramref name="Rate"/> of its inputs while training; nothing in evaluation.</summary>
public sealed record DropoutLayer(string Name, Shape InputShape, Shape OutputShape, double Rate) : Layer(Name, InputShape, OutputShape)
{
    /// <inheritdoc />
    public override string Type => "dropout";
}

/// <summary>[C, H, W] -> [C * H * W].</summary>
public sealed record FlattenLayer(string Name, Shape InputShape, Shape OutputShape) : Layer(Name, InputShape, OutputShape)
{
    /// <inheritdoc />
    public override string Type => "flatten";
}

/// <summary>Fully connected (PyTorch: Linear).</summary>
public sealed record DenseLayer(
    string Name,
    Shape InputShape,
    Shape OutputShape,
    long ParameterCount,
    long MultiplyAdds,
    bool Bias,
    Activation? Activation,
    Initializer WeightInit,
    Initializer BiasInit) : Layer(Name, InputShape, OutputShape, ParameterCount, MultiplyAdds)
{
    /// <inheritdoc />
    public override string Type => "dense";

    /// <inheritdoc />
    public override Activation? InlineActivation => Activation;

    /// <summary>Input features.</summary>
    public long InFeatures => InputShape[0];

    /// <summary>Output features.</summary>
    public long Units => OutputShape[0];
}

/// <summary>An activation as a layer of its own.</summary>
public sealed record ActivationLayer(string Name, Shape InputShape, Shape OutputShape, Activation Activation) : Layer(Name, InputShape, OutputShape)
{
    /// <inheritdoc />
    public override string Type => Activation.Name;
}
