using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Shapes;

/// <summary>
/// Walks the layers from the input shape, computing each layer's output shape, parameter, buffer and multiply-add
/// counts and window placement, as PyTorch would at run time. Pure arithmetic over the model's layers: no syntax, no
/// diagnostics. Shapes leave out the batch dimension: [C, H, W] or [F].
/// </summary>
internal static class ShapeInference
{
    /// <summary>The layers' shapes up to the first layer whose shape cannot be computed, and why it cannot.</summary>
    public static ShapeResult Infer(EquatableArray<long> input, IReadOnlyList<Layer> layers, CancellationToken cancellationToken = default)
    {
        var nodes = new List<LayerNode>();
        var shape = input;
        long parameters = 0, buffers = 0, multiplyAdds = 0;
        for (var index = 0; index < layers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var outcome = InferLayer(index, layers[index], shape, input);
                if (outcome.Problem is { } problem)
                {
                    return new ShapeResult(nodes, problem);
                }

                var node = outcome.Node!;
                parameters = checked(parameters + node.ParameterCount);
                buffers = checked(buffers + node.BufferCount);
                multiplyAdds = checked(multiplyAdds + node.MultiplyAdds);
                nodes.Add(node);
                shape = node.OutputShape;
            }
            catch (OverflowException)
            {
                return new ShapeResult(nodes, new OverflowProblem(index));
            }
        }

        return new ShapeResult(nodes, null);
    }

    private static Outcome InferLayer(int index, Layer layer, EquatableArray<long> input, EquatableArray<long> modelInput)
    {
        switch (layer)
        {
            case Conv2dLayer conv:
            {
                if (input.Count != 3)
                {
                    return new FlatInputProblem(index, input);
                }

                var height = WindowArithmetic.Convolve(input[1], modelInput[1], conv.Kernel.Height, conv.Stride.Height, conv.Dilation.Height, conv.Padding, conv.Padding.Explicit.Height, isPool: false, out var heightFailure);
                var width = WindowArithmetic.Convolve(input[2], modelInput[2], conv.Kernel.Width, conv.Stride.Width, conv.Dilation.Width, conv.Padding, conv.Padding.Explicit.Width, isPool: false, out var widthFailure);
                if (height is not { } h || width is not { } w)
                {
                    return new WindowProblem(index, heightFailure, widthFailure);
                }

                var weights = checked(conv.Filters * input[0] * conv.Kernel.Height * conv.Kernel.Width);
                var placement = new WindowPlacement(new Size2(h.Padding, w.Padding), new Size2(h.ExtraPadding, w.ExtraPadding), CeilMode: false, ExcludePadding: false, new Size2(h.Remainder, w.Remainder));
                var parameters = checked(weights + (conv.Bias ? conv.Filters : 0));
                return new LayerNode(layer, input, EquatableArray.Create(conv.Filters, h.Size, w.Size), parameters, 0, checked(parameters * h.Size * w.Size), placement);
            }

            case Pool2dLayer pool:
            {
                if (input.Count != 3)
                {
                    return new FlatInputProblem(index, input);
                }

                var padding = pool.Padding;
                if (padding.Mode == PaddingMode.Explicit && (padding.Explicit.Height * 2 > pool.Size.Height || padding.Explicit.Width * 2 > pool.Size.Width))
                {
                    return new PoolPaddingProblem(index, padding.Explicit, pool.Size);
                }

                var height = WindowArithmetic.Convolve(input[1], modelInput[1], pool.Size.Height, pool.Stride.Height, 1, padding, padding.Explicit.Height, isPool: true, out var heightFailure);
                var width = WindowArithmetic.Convolve(input[2], modelInput[2], pool.Size.Width, pool.Stride.Width, 1, padding, padding.Explicit.Width, isPool: true, out var widthFailure);
                if (height is not { } h || width is not { } w)
                {
                    return new WindowProblem(index, heightFailure, widthFailure);
                }

                var ceil = h.CeilMode || w.CeilMode;

                // Keras's "same" average pooling leaves padded cells out of the average; max pooling pads with -inf anyway.
                var excludePadding = pool.Pooling == PoolingKind.Average && padding.Mode == PaddingMode.Same && (ceil || h.Padding > 0 || w.Padding > 0);
                var placement = new WindowPlacement(new Size2(h.Padding, w.Padding), default, ceil, excludePadding, new Size2(h.Remainder, w.Remainder));
                return new LayerNode(layer, input, EquatableArray.Create(input[0], h.Size, w.Size), 0, 0, 0, placement);
            }

            case GlobalAvgPool2dLayer:
                return input.Count == 3 ? Node(layer, input, EquatableArray.Create(input[0])) : new FlatInputProblem(index, input);

            case BatchNormLayer:
            {
                // Weight and bias per feature; running mean and variance per feature plus the batch counter. torchinfo
                // counts one multiply-add per parameter, whatever the height and width.
                var features = input[0];
                return new LayerNode(layer, input, input, checked(2 * features), checked((2 * features) + 1), checked(2 * features), null);
            }

            case DropoutLayer or ActivationLayer:
                return Node(layer, input, input);

            case FlattenLayer:
                return Node(layer, input, EquatableArray.Create(input.Aggregate(1L, (product, size) => checked(product * size))));

            case DenseLayer dense:
                return input.Count != 1
                    ? new DenseInputProblem(index, input)
                    : DenseNode(dense, input);

            default:
                throw Unexpected.Value(layer);
        }
    }

    private static LayerNode DenseNode(DenseLayer dense, EquatableArray<long> input)
    {
        var parameters = checked((input[0] * dense.Units) + (dense.Bias ? dense.Units : 0));
        return new LayerNode(dense, input, EquatableArray.Create(dense.Units), parameters, 0, parameters, null);
    }

    /// <summary>A layer without parameters, buffers or multiply-adds.</summary>
    private static LayerNode Node(Layer layer, EquatableArray<long> input, EquatableArray<long> output) => new(layer, input, output, 0, 0, 0, null);

    /// <summary>A layer's node, or the problem that stops inference there.</summary>
    private readonly struct Outcome
    {
        private Outcome(LayerNode? node, ShapeProblem? problem)
        {
            Node = node;
            Problem = problem;
        }

        public LayerNode? Node { get; }

        public ShapeProblem? Problem { get; }

        public static implicit operator Outcome(LayerNode node) => new(node, null);

        public static implicit operator Outcome(ShapeProblem problem) => new(null, problem);
    }
}

/// <summary>The shapes of the layers before <see cref="Problem"/> (all of them when it is null).</summary>
internal sealed record ShapeResult(IReadOnlyList<LayerNode> Nodes, ShapeProblem? Problem);
