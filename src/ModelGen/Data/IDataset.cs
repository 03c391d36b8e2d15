using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// Samples held in memory as two tensors whose first dimension is the sample: the model's inputs and the targets it
/// should learn. <see cref="BatchSource"/> serves batches from any implementation, and the trainer checks them against
/// the model (<see cref="IGeneratedModel.InputShape"/>, <see cref="IGeneratedModel.OutputKind"/>) before it starts.
/// </summary>
/// <remarks>
/// <para><b>Inputs</b> are either raw 8-bit images, uint8 <c>[N, C, H, W]</c>, which every batch scales with the spec's
/// normalisation <c>(x / 255 - mean) / std</c>, or float32 features <c>[N, ...]</c>, which are used as they are.</para>
/// <para><b>Targets</b> are int64 class indices <c>[N]</c> for classifiers, or float32 values <c>[N]</c> (one output) or
/// <c>[N, k]</c> (k outputs) for regression and sigmoid outputs; a one-output sigmoid model also takes int64 0/1 labels.</para>
/// </remarks>
public interface IDataset
{
    /// <summary>uint8 images <c>[N, C, H, W]</c> or float32 features <c>[N, ...]</c>.</summary>
    Tensor Inputs { get; }

    /// <summary>int64 class indices <c>[N]</c>, or float32 values <c>[N]</c> / <c>[N, k]</c>.</summary>
    Tensor Targets { get; }
}

/// <summary>
/// Any two tensors as a data set (see <see cref="IDataset"/> for the types and shapes that are accepted). It does not
/// own them: keep them alive while the data set is used, and dispose them yourself.
/// </summary>
/// <param name="Inputs">uint8 images <c>[N, C, H, W]</c> or float32 features <c>[N, ...]</c>.</param>
/// <param name="Targets">int64 class indices <c>[N]</c>, or float32 values <c>[N]</c> / <c>[N, k]</c>.</param>
public sealed record TensorDataset(Tensor Inputs, Tensor Targets) : IDataset;
