namespace ModelGen.Architecture;

/// <summary>An activation function: a layer of its own, or applied inside a conv2d or dense layer.</summary>
public abstract record Activation
{
    /// <summary>The activation's name in the spec language (<c>leaky_relu</c>).</summary>
    public abstract string Name { get; }
}

/// <summary>max(0, x).</summary>
public sealed record ReluActivation : Activation
{
    /// <inheritdoc />
    public override string Name => "relu";
}

/// <summary>x if x &gt; 0, else <paramref name="Slope"/> * x.</summary>
public sealed record LeakyReluActivation(double Slope) : Activation
{
    /// <inheritdoc />
    public override string Name => "leaky_relu";
}

/// <summary>x if x &gt; 0, else <paramref name="Alpha"/> * (exp(x) - 1).</summary>
public sealed record EluActivation(double Alpha) : Activation
{
    /// <inheritdoc />
    public override string Name => "elu";
}

/// <summary>The Gaussian error linear unit, exact or approximated with tanh.</summary>
public sealed record GeluActivation(GeluApproximation Approximation) : Activation
{
    /// <inheritdoc />
    public override string Name => "gelu";
}

/// <summary>Hyperbolic tangent.</summary>
public sealed record TanhActivation : Activation
{
    /// <inheritdoc />
    public override string Name => "tanh";
}

/// <summary>1 / (1 + exp(-x)).</summary>
public sealed record SigmoidActivation : Activation
{
    /// <inheritdoc />
    public override string Name => "sigmoid";
}

/// <summary>Softmax over dimension 1 (features or channels).</summary>
public sealed record SoftmaxActivation : Activation
{
    /// <inheritdoc />
    public override string Name => "softmax";
}

/// <summary>log(softmax(x)) over dimension 1, computed stably.</summary>
public sealed record LogSoftmaxActivation : Activation
{
    /// <inheritdoc />
    public override string Name => "log_softmax";
}
