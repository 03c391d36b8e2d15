using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Shapes;

/// <summary>
/// Why shape inference stopped at a layer: the numbers that show it, no message (the checks turn a problem into a
/// diagnostic at the right YAML node). Shapes after this layer would be guesses, so inference stops here.
/// </summary>
internal abstract record ShapeProblem(int LayerIndex);

/// <summary>A conv2d or pooling layer (or global pooling) receives a flat tensor.</summary>
internal sealed record FlatInputProblem(int LayerIndex, EquatableArray<long> Input) : ShapeProblem(LayerIndex);

/// <summary>A dense layer receives a tensor with more than one dimension.</summary>
internal sealed record DenseInputProblem(int LayerIndex, EquatableArray<long> Input) : ShapeProblem(LayerIndex);

/// <summary>Explicit pooling padding larger than half the window, which PyTorch refuses.</summary>
internal sealed record PoolPaddingProblem(int LayerIndex, Size2 Padding, Size2 Window) : ShapeProblem(LayerIndex);

/// <summary>The window does not fit along height, width or both.</summary>
internal sealed record WindowProblem(int LayerIndex, AxisFailure? Height, AxisFailure? Width) : ShapeProblem(LayerIndex);

/// <summary>A size or count beyond 2^63.</summary>
internal sealed record OverflowProblem(int LayerIndex) : ShapeProblem(LayerIndex);

/// <summary>How a window fails along one axis.</summary>
internal enum AxisFailureKind
{
    /// <summary>The window (dilated kernel) is larger than the padded input.</summary>
    WindowLargerThanInput,

    /// <summary>The window would have fitted the model's input: earlier layers shrank the dimension too far.</summary>
    ReachesZero,

    /// <summary>"same" pooling needs an odd total padding, which PyTorch pooling cannot place as Keras does.</summary>
    UnevenSamePooling,
}

/// <summary>One axis's failure, with every number a message needs.</summary>
/// <param name="Window">The window's extent, dilation included: dilation * (kernel - 1) + 1.</param>
/// <param name="Pad">The padding on each side of this axis.</param>
/// <param name="TotalPadding">For <see cref="AxisFailureKind.UnevenSamePooling"/>: the padding "same" needs in all.</param>
internal sealed record AxisFailure(AxisFailureKind Kind, bool Dilated, long Window, long Stride, long Input, long ModelInput, long Pad, long TotalPadding);
