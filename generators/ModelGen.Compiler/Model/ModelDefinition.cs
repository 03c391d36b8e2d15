using System.Linq;
using ModelGen.Compiler.Common;

namespace ModelGen.Compiler.Model;

/// <summary>
/// A checked network: every fact that a backend (the C# class, and later ONNX and PyTorch) needs, decided once.
/// Plain data with value equality and no source positions, so reformatting a spec or editing its comments leaves this
/// value, and everything generated from it, cached.
/// </summary>
public sealed record ModelDefinition(
    string Name,
    string Namespace,
    string SourceFileName,
    string? Description,
    EquatableArray<long> InputShape,
    long? Classes,
    EquatableArray<LayerNode> Layers,
    TrainingDefinition Training,
    ModelOutputKind OutputKind,
    FinalSoftmax FinalSoftmax)
{
    public EquatableArray<long> OutputShape => Layers[Layers.Count - 1].OutputShape;

    /// <summary>Trainable parameters: the sum over the layers.</summary>
    public long ParameterCount => Layers.Aggregate(0L, (sum, layer) => checked(sum + layer.ParameterCount));

    /// <summary>Non-trainable state (batch-norm running statistics): the sum over the layers.</summary>
    public long BufferCount => Layers.Aggregate(0L, (sum, layer) => checked(sum + layer.BufferCount));

    /// <summary>Multiply-adds of one example's forward pass: the sum over the layers (see <see cref="LayerNode.MultiplyAdds"/>).</summary>
    public long MultiplyAdds => Layers.Aggregate(0L, (sum, layer) => checked(sum + layer.MultiplyAdds));
}

/// <summary>
/// A layer with its shapes: what shape inference computed from the input shape and the layer's settings.
/// </summary>
/// <param name="MultiplyAdds">Multiply-adds of one example's forward pass, counted as torchinfo counts its "Total
/// mult-adds": every weight and bias once per output position (conv2d: parameters x output height x width; dense and
/// batch-norm: parameters); pooling, activations and dropout count zero.</param>
/// <param name="Window">Where a conv2d kernel or pooling window sits on its padded input; null for other layers.</param>
public sealed record LayerNode(
    Layer Layer,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape,
    long ParameterCount,
    long BufferCount,
    long MultiplyAdds,
    WindowPlacement? Window)
{
    public string Name => Layer.Name;
}

/// <summary>
/// The padding PyTorch applies around a conv2d kernel or pooling window, as computed from the spec's padding.
/// </summary>
/// <param name="Padding">Rows (top and bottom) and columns (left and right) added symmetrically.</param>
/// <param name="ExtraBottomRight">conv2d only: the odd row/column Keras's "same" adds at the bottom/right, which
/// PyTorch's symmetric padding cannot express (an explicit pad before the convolution).</param>
/// <param name="CeilMode">Pooling only: the output size rounds up (how Keras's uneven "same" pooling is expressed).</param>
/// <param name="ExcludePadding">Average pooling only: padded cells are left out of each average (Keras "same").</param>
/// <param name="Remainder">Rows and columns at the bottom/right that no window reaches (the stride does not fit).</param>
public sealed record WindowPlacement(Size2 Padding, Size2 ExtraBottomRight, bool CeilMode, bool ExcludePadding, Size2 Remainder);


/// <summary>
/// Where the logits end: the final softmax that <c>ForwardLogits</c> leaves out and <c>forward</c> applies, so that a
/// cross-entropy loss can work on the logits (fused log-softmax, numerically stable).
/// </summary>
public enum FinalSoftmax
{
    /// <summary>The network does not end with softmax: ForwardLogits and forward are the same.</summary>
    None,

    /// <summary>The last layer is a softmax layer (and not the only layer).</summary>
    Layer,

    /// <summary>The last layer applies softmax inline (dense or conv2d with activation: softmax).</summary>
    Inline,
}
