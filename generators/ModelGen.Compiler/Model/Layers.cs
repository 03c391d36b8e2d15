namespace ModelGen.Compiler.Model;

/// <summary>
/// One layer with every setting resolved (defaults applied from the language catalogue): what the spec asks for,
/// independent of shapes. <see cref="Name"/> is the C# member name, also the layer's prefix in <c>state_dict()</c>.
/// </summary>
public abstract record Layer(string Name)
{
    /// <summary>The activation applied to the layer's output inside the layer (conv2d and dense), if any.</summary>
    public virtual Activation? InlineActivation => null;
}

/// <summary>2-D convolution.</summary>
public sealed record Conv2dLayer(
    string Name,
    long Filters,
    Size2 Kernel,
    Size2 Stride,
    Padding Padding,
    Size2 Dilation,
    bool Bias,
    Activation? Activation,
    Initializer WeightInit,
    Initializer BiasInit) : Layer(Name)
{
    public override Activation? InlineActivation => Activation;
}

/// <summary>Max or average pooling over height and width.</summary>
public sealed record Pool2dLayer(string Name, PoolingKind Pooling, Size2 Size, Size2 Stride, Padding Padding) : Layer(Name);

/// <summary>Averages each channel over height and width: [C, H, W] -> [C].</summary>
public sealed record GlobalAvgPool2dLayer(string Name) : Layer(Name);

/// <summary>
/// Batch normalisation (2-D over channels, or 1-D over features, by the input's rank). Without <paramref name="Scale"/>
/// the weight stays 1, without <paramref name="Center"/> the bias stays 0: still parameters, but frozen (not trained).
/// </summary>
public sealed record BatchNormLayer(string Name, double Momentum, double Epsilon, bool Scale = true, bool Center = true) : Layer(Name);

/// <summary>y = x * <paramref name="Scale"/> + <paramref name="Offset"/> (Keras Rescaling): no parameters.</summary>
public sealed record RescalingLayer(string Name, double Scale, double Offset) : Layer(Name);

/// <summary>
/// The frozen patch-whitening convolution: 2 x C x kernel filters (the eigenvectors of the covariance of the first
/// <paramref name="Images"/> training images' patches, divided by sqrt(eigenvalue + <paramref name="Epsilon"/>), and their
/// negatives), valid padding, stride 1. The weight is computed before training and frozen; the bias trains.
/// </summary>
public sealed record WhiteningLayer(string Name, Size2 Kernel, double Epsilon, long Images) : Layer(Name);

/// <summary>Zeroes a fraction <paramref name="Rate"/> of its inputs while training.</summary>
public sealed record DropoutLayer(string Name, double Rate) : Layer(Name);

/// <summary>[C, H, W] -> [C * H * W].</summary>
public sealed record FlattenLayer(string Name) : Layer(Name);

/// <summary>Fully connected (PyTorch: Linear).</summary>
public sealed record DenseLayer(
    string Name,
    long Units,
    bool Bias,
    Activation? Activation,
    Initializer WeightInit,
    Initializer BiasInit) : Layer(Name)
{
    public override Activation? InlineActivation => Activation;
}

/// <summary>An activation as a layer of its own.</summary>
public sealed record ActivationLayer(string Name, Activation Activation) : Layer(Name);
