namespace ModelGen.Compiler.Model;

/// <summary>An activation function: a layer of its own, or applied inside a conv2d or dense layer.</summary>
public abstract record Activation
{
    private protected Activation()
    {
    }
}

/// <summary>max(0, x).</summary>
public sealed record ReluActivation : Activation;

/// <summary>x if x &gt; 0, else <paramref name="Slope"/> * x.</summary>
public sealed record LeakyReluActivation(double Slope) : Activation;

/// <summary>x if x &gt; 0, else <paramref name="Alpha"/> * (exp(x) - 1).</summary>
public sealed record EluActivation(double Alpha) : Activation;

/// <summary>The Gaussian error linear unit, exact or approximated with tanh.</summary>
public sealed record GeluActivation(GeluApproximation Approximation) : Activation;

/// <summary>Hyperbolic tangent.</summary>
public sealed record TanhActivation : Activation;

/// <summary>1 / (1 + exp(-x)).</summary>
public sealed record SigmoidActivation : Activation;

/// <summary>Softmax over dimension 1 (features or channels).</summary>
public sealed record SoftmaxActivation : Activation;

/// <summary>log(softmax(x)) over dimension 1, computed stably.</summary>
public sealed record LogSoftmaxActivation : Activation;
