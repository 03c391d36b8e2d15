namespace ModelGen.Compiler.Shapes;

/// <summary>One spatial dimension through a convolution or pooling window, as PyTorch computes it.</summary>
internal static class WindowArithmetic
{
    /// <summary>
    /// The output size along one axis with PyTorch's formula floor((in + 2p - d(k-1) - 1) / s) + 1; "same" padding
    /// follows Keras: output = ceil(in / s). Returns the failure instead when the window cannot be placed.
    /// </summary>
    public static Dimension? Convolve(long input, long modelInput, long kernel, long stride, long dilation, Model.Padding padding, long explicitPadding,
        bool isPool, out AxisFailure? failure)
    {
        failure = null;
        var window = (dilation * (kernel - 1)) + 1;
        long pad = 0;
        var ceil = false;
        if (padding.Mode == Model.PaddingMode.Same)
        {
            var wanted = (input + stride - 1) / stride;
            var total = Math.Max(((wanted - 1) * stride) + window - input, 0);
            pad = total / 2;
            ceil = total % 2 == 1;
            if (ceil && !isPool)
            {
                // Keras puts the odd row/column at the bottom/right; the convolution pads it explicitly.
                return new Dimension(wanted, pad, CeilMode: false, Remainder: 0, ExtraPadding: 1);
            }

            if (ceil && PooledWithCeil(input, pad, window, stride) != wanted)
            {
                failure = new AxisFailure(AxisFailureKind.UnevenSamePooling, dilation > 1, window, stride, input, modelInput, pad, total);
                return null;
            }
        }
        else if (padding.Mode == Model.PaddingMode.Explicit)
        {
            pad = explicitPadding;
        }

        if (window > input + (2 * pad))
        {
            var kind = input < modelInput && window <= modelInput + (2 * pad) ? AxisFailureKind.ReachesZero : AxisFailureKind.WindowLargerThanInput;
            failure = new AxisFailure(kind, dilation > 1, window, stride, input, modelInput, pad, TotalPadding: 0);
            return null;
        }

        var size = ceil ? PooledWithCeil(input, pad, window, stride) : ((input + (2 * pad) - window) / stride) + 1;
        var remainder = ceil ? 0 : (input + (2 * pad) - window) % stride;
        return new Dimension(size, pad, ceil, remainder);
    }

    /// <summary>PyTorch's pooled size with ceil_mode, including its rule that the last window must start inside the input.</summary>
    private static long PooledWithCeil(long input, long pad, long window, long stride)
    {
        var size = ((input + (2 * pad) - window + stride - 1) / stride) + 1;
        return (size - 1) * stride >= input + pad ? size - 1 : size;
    }
}

/// <summary>
/// One spatial dimension's result. <paramref name="ExtraPadding"/> is the row or column Keras's "same" adds at the
/// bottom/right when the padding cannot be split evenly.
/// </summary>
internal readonly record struct Dimension(long Size, long Padding, bool CeilMode, long Remainder, long ExtraPadding = 0);
