using System.Globalization;
using SkiaSharp;
using static TorchSharp.torch;

namespace ModelGen.Data;

public static partial class ImageFolder
{
    /// <summary>
    /// Writes labelled uint8 pictures (<c>[N, C, H, W]</c>, C = 1 or 3) as an image folder that <see cref="Load"/>
    /// reads back to the same pixels and labels: <c>train/</c> and, given <paramref name="test"/>, <c>test/</c>, each
    /// with a folder per class holding lossless PNGs named by position (<c>00042.png</c>), so a class's pictures keep
    /// their order. The folder is written beside <paramref name="root"/> first and renamed when complete, so an
    /// interrupted export leaves nothing half-written at <paramref name="root"/>.
    /// </summary>
    /// <exception cref="DatasetException"><paramref name="root"/> exists already, or cannot be written.</exception>
    public static void Export(IDataset train, IDataset? test, IReadOnlyList<string> classNames, string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentException.ThrowIfNullOrEmpty(root);
        var full = Path.GetFullPath(root);
        if (Directory.Exists(full) || File.Exists(full))
        {
            throw new DatasetException($"{root} exists already: export into a new folder.");
        }

        var partial = full + ".partial";
        try
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            ExportSplit(train, classNames, Path.Combine(partial, ImageFolderLayout.TrainFolder), cancellationToken);
            if (test is not null)
            {
                ExportSplit(test, classNames, Path.Combine(partial, ImageFolderLayout.TestFolder), cancellationToken);
            }

            Directory.Move(partial, full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"Cannot write the image folder {root}: {exception.Message}", exception);
        }
    }

    private static void ExportSplit(IDataset data, IReadOnlyList<string> classNames, string folder, CancellationToken cancellationToken)
    {
        var inputs = data.Inputs;
        if (inputs.dtype != ScalarType.Byte || inputs.dim() != 4 || inputs.shape[1] is not (1 or 3))
        {
            throw new ArgumentException($"Pictures to export are uint8 [N, C, H, W] with 1 or 3 channels, not {inputs.dtype} [{string.Join(", ", inputs.shape)}].", nameof(data));
        }

        var (count, channels, height, width) = ((int)inputs.shape[0], (int)inputs.shape[1], (int)inputs.shape[2], (int)inputs.shape[3]);
        var pixels = inputs.contiguous().cpu().data<byte>().ToArray();
        var labels = data.Targets.to(ScalarType.Int64).cpu().data<long>().ToArray();
        foreach (var name in classNames)
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
        }

        var digits = Math.Max(5, count.ToString(CultureInfo.InvariantCulture).Length);
        var pictureBytes = channels * height * width;
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            var rgba = bitmap.GetPixelSpan();
            var picture = pixels.AsSpan(i * pictureBytes, pictureBytes);
            var plane = height * width;
            for (var at = 0; at < plane; at++)
            {
                rgba[at * 4] = picture[at];
                rgba[(at * 4) + 1] = picture[(channels == 3 ? plane : 0) + at];
                rgba[(at * 4) + 2] = picture[(channels == 3 ? 2 * plane : 0) + at];
                rgba[(at * 4) + 3] = 255;
            }

            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            var name = i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png";
            File.WriteAllBytes(Path.Combine(folder, classNames[(int)labels[i]], name), png.ToArray());
        });
    }
}
