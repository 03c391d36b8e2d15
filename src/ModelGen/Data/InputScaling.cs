using System.Collections.Immutable;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>Applies a spec's <c>normalize</c> setting to raw 8-bit images.</summary>
public static class InputScaling
{
    /// <summary>
    /// Converts uint8 images <c>[N, C, H, W]</c> to float32 <c>(x / 255 - mean) / std</c>, with one mean and std for
    /// all channels or one per channel. Returns a new tensor on the images' device.
    /// </summary>
    /// <param name="normalization">The spec's <c>training: normalize:</c> (<see cref="TrainingSettings.Normalization"/>).</param>
    /// <param name="images">uint8 images, values 0-255.</param>
    public static Tensor Normalize(this InputNormalization normalization, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(images);
        var result = images.to_type(ScalarType.Float32);
        result.div_(255f);
        Apply(result, normalization.Mean, (x, m) => x.sub_(m), (x, m) => x.sub_(m));
        Apply(result, normalization.Std, (x, d) => x.div_(d), (x, d) => x.div_(d));
        return result;
    }

    /// <summary>
    /// Throws unless each list of <paramref name="normalization"/> has one value or one per channel of images with
    /// <paramref name="channels"/> channels.
    /// </summary>
    internal static void CheckChannels(this InputNormalization normalization, long channels, string parameterName)
    {
        foreach (var values in new[] { normalization.Mean, normalization.Std })
        {
            if (values.Length != 1 && values.Length != channels)
            {
                throw new ArgumentException(
                    $"The normalisation {normalization} needs one mean and std, or one per channel ({channels}), not {values.Length}.", parameterName);
            }
        }
    }

    private static void Apply(Tensor images, ImmutableArray<double> values, Action<Tensor, float> scalar, Action<Tensor, Tensor> perChannel)
    {
        if (values.Length == 1)
        {
            scalar(images, (float)values[0]);
            return;
        }

        using var channelValues = tensor(values.Select(v => (float)v).ToArray(), new long[] { 1, values.Length, 1, 1 }, device: images.device);
        perChannel(images, channelValues);
    }
}
