using static TorchSharp.torch;

namespace ModelGen.Modules;

/// <summary>
/// y = x * <see cref="Scale"/> + <see cref="Offset"/>, element-wise (Keras's Rescaling layer): the module generated
/// classes use for the spec's <c>rescaling</c> layer. No parameters, the shape unchanged.
/// </summary>
public sealed class Rescaling : nn.Module<Tensor, Tensor>
{
    /// <summary>A module that multiplies by <paramref name="scale"/>, then adds <paramref name="offset"/>.</summary>
    public Rescaling(double scale, double offset = 0)
        : base(nameof(Rescaling))
    {
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The factor every value is multiplied by.</summary>
    public double Scale { get; }

    /// <summary>Added after the scaling.</summary>
    public double Offset { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Offset == 0 ? input.mul(Scale) : input.mul(Scale).add_(Offset);
    }
}
