using static TorchSharp.torch;

namespace ModelGen.Modules;

/// <summary>
/// The filters of a frozen patch-whitening convolution (as airbench's first layer): computed once from training
/// images, they map each kh x kw patch onto the eigenvectors of the patches' covariance, scaled so that every output
/// channel has about unit variance. Generated models with a <c>whitening</c> layer call it from
/// <see cref="IDataAdaptedModel.Adapt"/>; the PyTorch backend's generated module computes the same.
/// </summary>
public static class PatchWhitening
{
    /// <summary>Images per chunk while the covariance is summed, so memory stays small whatever the image count.</summary>
    private const long ChunkImages = 256;

    /// <summary>
    /// The whitening filters for <paramref name="images"/> ([N, C, H, W], normalised as the model takes them), shaped
    /// [2 x C x kh x kw, C, kh, kw], float32, on the images' device. From every kh x kw patch at stride 1 (p, of
    /// length C x kh x kw): the uncentred covariance E[p pᵀ] (in float64), its eigenvectors in order of decreasing
    /// eigenvalue, each signed so that its largest-magnitude component is positive (so the result is deterministic) and
    /// divided by sqrt(eigenvalue + <paramref name="epsilon"/>); then the same filters negated.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, C, H, W] with N at least 1 and H, W at least the kernel.</exception>
    public static Tensor Filters(Tensor images, long kernelHeight, long kernelWidth, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelWidth, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        if (images.dim() != 4 || images.shape[0] < 1 || images.shape[2] < kernelHeight || images.shape[3] < kernelWidth)
        {
            throw new ArgumentException(
                $"Patch whitening needs images shaped [N, C, H, W] with N >= 1 and H x W at least the kernel {kernelHeight}x{kernelWidth}, " +
                $"but got [{string.Join(", ", images.shape)}].", nameof(images));
        }

        using var scope = NewDisposeScope();
        var channels = images.shape[1];
        var size = channels * kernelHeight * kernelWidth;
        var covariance = zeros(size, size, ScalarType.Float64, images.device);
        long patches = 0;
        for (long start = 0; start < images.shape[0]; start += ChunkImages)
        {
            using var chunkScope = NewDisposeScope();
            var chunk = images.narrow(0, start, Math.Min(ChunkImages, images.shape[0] - start)).to_type(ScalarType.Float64);

            // [n, C, H', W', kh, kw] -> [n, H', W', C, kh, kw] -> one row per patch, laid out as a filter [C, kh, kw].
            var rows = chunk.unfold(2, kernelHeight, 1).unfold(3, kernelWidth, 1).permute(0, 2, 3, 1, 4, 5).reshape(-1, size);
            covariance.add_(rows.t().matmul(rows));
            patches += rows.shape[0];
        }

        covariance.div_(patches);
        var (eigenvalues, eigenvectors) = linalg.eigh(covariance);

        // eigh sorts the eigenvalues in increasing order, with the eigenvectors as columns: largest first, as rows.
        var values = eigenvalues.flip(0).clamp_min(0);
        var vectors = eigenvectors.flip(1).t();
        var largest = vectors.abs().argmax(1, keepdim: true);
        vectors = vectors * vectors.gather(1, largest).sign();
        var scaled = vectors / (values + epsilon).sqrt().unsqueeze(1);
        var filters = cat([scaled, -scaled], 0).reshape(2 * size, channels, kernelHeight, kernelWidth).to_type(ScalarType.Float32);
        return filters.MoveToOuterDisposeScope();
    }
}
