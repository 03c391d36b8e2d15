using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// The channels-last memory layout for convolution stacks: the same [N, C, H, W] tensors, stored as [N, H, W, C]
/// (strides permuted, as PyTorch's <c>memory_format=torch.channels_last</c>; TorchSharp 0.107 has no such API).
/// A convolution given channels-last input computes and returns channels-last (oneDNN), which runs faster on the CPU
/// (measured: README, "Speed"); the values are the same up to float rounding, because only where the numbers sit in
/// memory changes. Weights keep the standard layout, so model files, checkpoints and exports are unaffected.
/// </summary>
public static class ChannelsLast
{
    /// <summary>Whether the model has convolution weights (4-D parameters) that the layout would apply to.</summary>
    public static bool Applies(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Any(parameter => parameter.dim() == 4);
    }

    /// <summary>A [N, C, H, W] tensor with the same values, stored channels-last (other tensors are returned as they are).</summary>
    public static Tensor Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dim() == 4 ? tensor.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : tensor;
    }

    /// <summary>Whether <paramref name="tensor"/> is a 4-D tensor stored channels-last (its channel stride is 1).</summary>
    public static bool IsChannelsLast(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dim() == 4 && tensor.stride(1) == 1 && tensor.shape[1] > 1;
    }
}
