using System.Collections.Generic;

namespace ModelGen.Compiler.Model;

/// <summary>
/// Decides, once, what the network outputs and where its logits end. The C# emitter (forward / ForwardLogits), the
/// loss checks and, through the generated <c>OutputKind</c>, the runtime all read these facts instead of working
/// them out again.
/// </summary>
internal static class OutputFacts
{
    /// <summary>The activation the network ends with: the last layer if it is one, or the last layer's inline one.</summary>
    public static Activation? FinalActivation(IReadOnlyList<Layer> layers)
    {
        var last = layers[layers.Count - 1];
        return last is ActivationLayer activation ? activation.Activation : last.InlineActivation;
    }

    /// <summary>Where <c>ForwardLogits</c> stops: before a final softmax layer, before a final inline softmax, or nowhere.</summary>
    public static FinalSoftmax FinalSoftmaxOf(IReadOnlyList<Layer> layers)
    {
        var last = layers[layers.Count - 1];
        return last switch
        {
            // A network that is nothing but a softmax has no logits of its own to return.
            ActivationLayer { Activation: SoftmaxActivation } => layers.Count > 1 ? FinalSoftmax.Layer : FinalSoftmax.None,
            _ when last.InlineActivation is SoftmaxActivation => FinalSoftmax.Inline,
            _ => FinalSoftmax.None,
        };
    }

    /// <summary>What forward returns: decided by the final activation, and by the loss when there is none.</summary>
    public static ModelOutputKind OutputKindOf(IReadOnlyList<Layer> layers, LossFunction loss) => FinalActivation(layers) switch
    {
        SoftmaxActivation => ModelOutputKind.Probabilities,
        LogSoftmaxActivation => ModelOutputKind.LogProbabilities,
        SigmoidActivation => ModelOutputKind.Sigmoid,
        _ => loss == LossFunction.MeanSquaredError ? ModelOutputKind.Regression : ModelOutputKind.Logits,
    };
}
