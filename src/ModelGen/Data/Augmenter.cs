using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// Applies a spec's <c>augment:</c> to uint8 training batches <c>[B, C, H, W]</c>, in the order crop, flip, cutout.
/// Every random number comes from a generator seeded with (seed, epoch, batch), so a resumed epoch sees exactly the
/// images the uninterrupted run saw, and TorchSharp's global generator (dropout) is neither used nor disturbed.
/// </summary>
/// <remarks>
/// crop: each image is translated by up to <c>padding</c> pixels in each direction, the revealed border mirrored
/// (reflect) or black (zeros), as torchvision's <c>RandomCrop(size, padding, padding_mode)</c>. flip: mirrored left to
/// right with probability 1/2; <c>alternate</c> flips a fixed half of the images (by sample index and seed) in odd
/// epochs and the other half in even epochs, as airbench does. cutout: a square centred at a random pixel, clipped at
/// the edges, set to the normalisation mean (0 once normalised).
/// </remarks>
public sealed class Augmenter
{
    private readonly Augmentation _settings;
    private readonly byte[] _fill;
    private readonly int _seed;

    /// <summary>An augmenter for <paramref name="settings"/>; <paramref name="normalization"/> gives cutout's fill colour.</summary>
    public Augmenter(Augmentation settings, InputNormalization normalization, int seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(normalization);
        _settings = settings;
        _fill = normalization.Mean.Select(m => (byte)Math.Clamp(Math.Round(m * 255), 0, 255)).ToArray();
        _seed = seed;
    }

    /// <summary>The augmented copy of <paramref name="images"/>, the samples <paramref name="indices"/> of batch <paramref name="batch"/> of <paramref name="epoch"/>.</summary>
    public Tensor Apply(Tensor images, Tensor indices, int epoch, int batch)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(indices);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"Augmentation takes uint8 images [B, C, H, W], not {BatchSource.Describe(images)}.", nameof(images));
        }

        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)BatchSeed(epoch, batch)), images.device);
        var result = images;
        if (_settings.Crop is { } crop)
        {
            result = Crop(result, crop, generator);
        }

        if (_settings.Flip is { } flip)
        {
            result = Flip(result, flip, indices, epoch, generator);
        }

        if (_settings.Cutout is { } size)
        {
            result = Cutout(result, size, generator);
        }

        return (ReferenceEquals(result, images) ? images.clone() : result).MoveToOuterDisposeScope();
    }

    private static Tensor Crop(Tensor images, RandomCrop crop, Generator generator)
    {
        var (count, height, width, padding) = (images.shape[0], images.shape[2], images.shape[3], crop.Padding);
        var padded = crop.Fill == CropFill.Reflect
            ? images.index_select(2, ReflectIndex(height, padding, images.device)).index_select(3, ReflectIndex(width, padding, images.device))
            : nn.functional.pad(images, new long[] { padding, padding, padding, padding });
        var span = (2 * padding) + 1;
        // One shift index per image; images with the same shift are cut out together, (2p + 1)^2 slices in all.
        var shifts = randint(0, span * span, new[] { count }, generator: generator, device: images.device);
        var cropped = empty_like(images);
        for (var shift = 0; shift < span * span; shift++)
        {
            var chosen = (shifts == shift).nonzero().flatten();
            if (chosen.shape[0] == 0)
            {
                continue;
            }

            var (dy, dx) = (shift / span, shift % span);
            var window = padded.index_select(0, chosen).narrow(2, dy, height).narrow(3, dx, width);
            cropped.index_copy_(0, chosen, window);
        }

        return cropped;
    }

    /// <summary>The rows (or columns) of a size-pixel line padded by reflection: padding, ..., 1, 0, 1, ..., size - 2, size - 1, size - 2, ...</summary>
    private static Tensor ReflectIndex(long size, long padding, Device device)
    {
        var index = arange(-padding, size + padding, dtype: ScalarType.Int64, device: device).abs();
        return where(index >= size, (2 * (size - 1)) - index, index);
    }

    private Tensor Flip(Tensor images, FlipMode mode, Tensor indices, int epoch, Generator generator)
    {
        Tensor flipped;
        if (mode == FlipMode.Alternate)
        {
            // A fixed half of the samples by index (a multiplicative hash with the seed), the other half in even epochs.
            var half = ((indices.to(images.device) * 2654435761L) + (_seed * 40503L)).bitwise_right_shift(13).bitwise_and(1).eq(1);
            flipped = epoch % 2 == 1 ? half : half.logical_not();
        }
        else
        {
            flipped = rand(new[] { images.shape[0] }, generator: generator, device: images.device) < 0.5;
        }

        return where(flipped.view(-1, 1, 1, 1), images.flip(3), images);
    }

    private Tensor Cutout(Tensor images, long size, Generator generator)
    {
        var (count, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var centres = rand(new[] { count, 2 }, generator: generator, device: images.device);
        var top = (centres[.., 0] * height).to(ScalarType.Int64) - (size / 2);
        var left = (centres[.., 1] * width).to(ScalarType.Int64) - (size / 2);
        var y = arange(height, device: images.device).view(1, -1);
        var x = arange(width, device: images.device).view(1, -1);
        var rows = (y >= top.view(-1, 1)).logical_and(y < (top.view(-1, 1) + size));
        var columns = (x >= left.view(-1, 1)).logical_and(x < (left.view(-1, 1) + size));
        var square = rows.view(count, 1, height, 1).logical_and(columns.view(count, 1, 1, width));
        var fill = (_fill.Length == 1 ? tensor(Enumerable.Repeat(_fill[0], (int)channels).ToArray()) : tensor(_fill))
            .to(images.device).view(1, -1, 1, 1).expand_as(images);
        return where(square, fill, images);
    }

    private long BatchSeed(int epoch, int batch) => unchecked((((_seed * 1_000_003L) + epoch) * 7_919L) + batch + 17);
}
