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

    /// <summary>
    /// The mean loss of a batch. The cross-entropies and nll take int64 class indices <c>[B]</c>; binary cross-entropy
    /// and mean squared error take float values shaped like the outputs (a <c>[B]</c> vector for one output), or int64
    /// class indices, which become one-hot rows when there are several outputs.
    /// </summary>
    /// <param name="loss">The spec's loss.</param>
    /// <param name="outputs">What <see cref="ModelOutputs"/> returned.</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="labelSmoothing">PyTorch's definition: (1 - s) x the loss of the label + s x the mean loss over all
    /// classes; binary targets y become y (1 - s) + s / 2. Mean squared error has none (the compiler refuses it).</param>
    public static Tensor Compute(this LossFunction loss, Tensor outputs, Tensor targets, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        var s = labelSmoothing;
        return loss switch
        {
            LossFunction.CategoricalCrossEntropy or LossFunction.CrossEntropy =>
                nn.functional.cross_entropy(outputs, targets, label_smoothing: s),
            LossFunction.NegativeLogLikelihood when s > 0 => (nn.functional.nll_loss(outputs, targets) * (1 - s)) - (outputs.mean() * s),
            LossFunction.NegativeLogLikelihood => nn.functional.nll_loss(outputs, targets),
            LossFunction.BinaryCrossEntropy when s > 0 => nn.functional.binary_cross_entropy(outputs, (FloatTargets(outputs, targets) * (1 - s)) + (s / 2)),
            LossFunction.BinaryCrossEntropy => nn.functional.binary_cross_entropy(outputs, FloatTargets(outputs, targets)),
            LossFunction.MeanSquaredError => nn.functional.mse_loss(outputs, FloatTargets(outputs, targets)),
            _ => throw new NotSupportedException($"Unknown loss {loss}."),
        };
    }

    /// <summary>Float targets shaped like the outputs: one-hot rows for class indices over several outputs, else the values.</summary>
    private static Tensor FloatTargets(Tensor outputs, Tensor targets) =>
        targets.dtype == ScalarType.Int64 && outputs.shape[^1] > 1
            ? nn.functional.one_hot(targets, outputs.shape[^1]).to(outputs.dtype)
            : targets.to(outputs.dtype).reshape(outputs.shape);
}
