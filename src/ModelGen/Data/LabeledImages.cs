using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// One split of an image data set held in memory: all images in one uint8 tensor <c>[N, C, H, W]</c> (channels
/// first, pixel values 0-255, as stored) and their class labels in one int64 tensor <c>[N]</c>. Owns both tensors:
/// they are not in any dispose scope and live until this object is disposed. As an <see cref="IDataset"/>, the images
/// are the inputs and the labels the targets.
/// </summary>
public sealed class LabeledImages : IDataset, IDisposable
{
    private readonly int[] _labels;
    private readonly int _classCount;

    internal LabeledImages(Tensor images, Tensor labels, byte[] labelValues, int classCount)
        : this(images, labels, Array.ConvertAll(labelValues, label => (int)label), classCount)
    {
    }

    internal LabeledImages(Tensor images, Tensor labels, int[] labelValues, int classCount)
    {
        Images = images;
        Labels = labels;
        _labels = labelValues;
        _classCount = classCount;
    }

    /// <summary>All images, uint8 <c>[N, C, H, W]</c> (CIFAR-10: <c>[N, 3, 32, 32]</c>, RGB; an image folder: the model's input shape), values 0-255.</summary>
    public Tensor Images { get; }

    /// <summary>All labels, int64 <c>[N]</c>, each a class index.</summary>
    public Tensor Labels { get; }

    /// <inheritdoc/>
    Tensor IDataset.Inputs => Images;

    /// <inheritdoc/>
    Tensor IDataset.Targets => Labels;

    /// <summary>The number of images, N.</summary>
    public int Count => _labels.Length;

    /// <summary>The class index of image <paramref name="index"/> (read from a managed copy; no tensor is created).</summary>
    public int GetLabel(int index) => _labels[index];

    /// <summary>How many images each class has: element <c>c</c> counts the images labelled <c>c</c>.</summary>
    public int[] CountByClass()
    {
        var counts = new int[_classCount];
        foreach (var label in _labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// The pixels of image <paramref name="index"/> as stored (no normalisation), in <b>HWC</b> order: row by row, and
    /// for each pixel its channels in a row (for CIFAR-10: R, G, B), i.e. <c>H * W * C</c> bytes, the interleaved
    /// layout image libraries expect.
    /// </summary>
    public byte[] GetImageHwc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return ImagePixels.Hwc(Images, index);
    }

    /// <summary>
    /// The pixels of image <paramref name="index"/> as stored (no normalisation), in <b>CHW</b> order: all of the first
    /// channel row by row, then the second, then the third (for CIFAR-10: 1,024 red, 1,024 green, 1,024 blue bytes).
    /// </summary>
    public byte[] GetImageChw(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return ImagePixels.Chw(Images, index);
    }

    /// <summary>Frees the two tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
