using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>Copies one image's bytes out of a uint8 tensor <c>[N, C, H, W]</c>, for drawing it.</summary>
internal static class ImagePixels
{
    /// <summary>Whether <paramref name="inputs"/> are images that can be drawn: uint8 <c>[N, C, H, W]</c> with 1 or 3 channels.</summary>
    public static bool AreDrawable(Tensor inputs) =>
        inputs.dtype == ScalarType.Byte && inputs.dim() == 4 && inputs.shape[1] is 1 or 3;

    /// <summary>Image <paramref name="index"/> in stored channel-major order: <c>C * H * W</c> bytes.</summary>
    public static byte[] Chw(Tensor images, long index)
    {
        using var scope = NewDisposeScope();
        return images[index].contiguous().cpu().data<byte>().ToArray();
    }

    /// <summary>Image <paramref name="index"/> in interleaved order, each pixel's channels together: <c>H * W * C</c> bytes.</summary>
    public static byte[] Hwc(Tensor images, long index)
    {
        using var scope = NewDisposeScope();
        return images[index].permute(1, 2, 0).contiguous().cpu().data<byte>().ToArray();
    }
}
