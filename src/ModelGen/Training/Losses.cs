using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>Computes a spec's loss from a model's outputs.</summary>
public static class Losses
{
    /// <summary>
    /// Whether the loss is computed from <c>ForwardLogits</c> (the output before a final softmax) rather than
    /// <c>forward</c>. Both cross-entropies are: log-softmax fused with the negative log-likelihood is
    /// numerically stable, where the log of an already-computed softmax is not.
    /// </summary>
    public static bool UsesLogits(this LossFunction loss) =>
        loss is LossFunction.CategoricalCrossEntropy or LossFunction.CrossEntropy;

    /// <summary>What the loss is computed from: <c>ForwardLogits</c> for the cross-entropies, <c>forward</c> otherwise.</summary>
    public static Tensor ModelOutputs<TModel>(this LossFunction loss, TModel model, Tensor inputs)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        return loss.UsesLogits() ? model.ForwardLogits(inputs) : model.forward(inputs);
    }

    /// <summary>The mean loss of a batch. <paramref name="labels"/> are int64 class indices.</summary>
    public static Tensor Compute(this LossFunction loss, Tensor outputs, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(labels);
        return loss switch
        {
            LossFunction.CategoricalCrossEntropy or LossFunction.CrossEntropy => nn.functional.cross_entropy(outputs, labels),
            LossFunction.NegativeLogLikelihood => nn.functional.nll_loss(outputs, labels),
            LossFunction.BinaryCrossEntropy => nn.functional.binary_cross_entropy(outputs, Targets(outputs, labels)),
            LossFunction.MeanSquaredError => nn.functional.mse_loss(outputs, Targets(outputs, labels)),
            _ => throw new NotSupportedException($"Unknown loss {loss}."),
        };
    }

    /// <summary>Float targets shaped like the outputs: one-hot class labels, or the labels as values for one output.</summary>
    private static Tensor Targets(Tensor outputs, Tensor labels) =>
        outputs.shape[^1] == 1
            ? labels.to(outputs.dtype).reshape(outputs.shape)
            : nn.functional.one_hot(labels, outputs.shape[^1]).to(outputs.dtype);
}
