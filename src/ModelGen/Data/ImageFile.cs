using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace ModelGen.Data;

/// <summary>
/// Reads an image (PNG, JPEG, BMP, GIF, WebP: what SkiaSharp decodes) as a model's input: uint8 pixels in channel-major
/// order, the way data sets hold images, with the model's channel count, height and width. Image folders and
/// prediction read every picture through here, so a picture is prepared the same way for training and for predicting.
/// </summary>
/// <remarks>
/// <para><b>Channels.</b> 3 channels are the red, green and blue planes (a grey picture gives three equal planes);
/// 1 channel is the luminance, ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B, rounded). Transparency is dropped, as
/// PIL's <c>convert("RGB")</c> drops it: each pixel keeps its stored colour. A GIF gives its first frame.</para>
/// <para><b>Size.</b> A picture of another size is stretched to the model's height and width (its aspect ratio is not
/// kept, as with Keras's <c>image_dataset_from_directory</c> and torchvision's <c>Resize((h, w))</c>). Shrinking samples a
/// mipmap pyramid (box-filtered halvings) trilinearly, so every source pixel counts, as in an antialiased resize;
/// enlarging uses Mitchell's cubic filter.</para>
/// </remarks>
public static class ImageFile
{
    /// <summary>The file extensions read as images (lower case, with the dot).</summary>
    public static IReadOnlySet<string> Extensions { get; } =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The picture files <paramref name="paths"/> name, in order: a file stands for itself, a folder for every file
    /// with a picture extension under it (sorted by path; names starting with a dot are left out).
    /// </summary>
    /// <exception cref="DatasetException">A path does not exist, or a folder holds no picture.</exception>
    public static IReadOnlyList<string> FindImages(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                throw new DatasetException($"{path} does not exist: give picture files or folders of pictures.");
            }

            var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(file => Extensions.Contains(Path.GetExtension(file)) &&
                    !Path.GetRelativePath(path, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.')))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                throw new DatasetException($"The folder {path} holds no picture (PNG, JPEG, BMP, GIF or WebP).");
            }

            files.AddRange(found);
        }

        return files;
    }

    /// <summary>
    /// The pixels of the image at <paramref name="path"/> shaped as one sample of <paramref name="inputShape"/>
    /// (<c>[C, H, W]</c>, C = 1 or 3): <c>C * H * W</c> bytes, channel by channel, row by row.
    /// </summary>
    /// <exception cref="DatasetException">The file is missing, unreadable or not an image, or the shape is not an
    /// image shape with 1 or 3 channels. The message names the file.</exception>
    public static byte[] ReadPixels(string path, ImmutableArray<long> inputShape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (channels, height, width) = ImageShape(inputShape);
        if (!File.Exists(path))
        {
            throw new DatasetException($"The image {path} does not exist.");
        }

        var pixels = new byte[channels * height * width];
        if (Decode(path, channels, height, width, pixels) is { } problem)
        {
            throw new DatasetException($"{path} {problem}.");
        }

        return pixels;
    }

    /// <summary>
    /// The pixels of the image in <paramref name="stream"/> (read to its end), as <see cref="ReadPixels(string, ImmutableArray{long})"/>;
    /// <paramref name="name"/> names it in messages.
    /// </summary>
    /// <exception cref="DatasetException">The stream is not an image SkiaSharp can read, or the shape is not an image shape.</exception>
    public static byte[] ReadPixels(Stream stream, ImmutableArray<long> inputShape, string name = "the image")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (channels, height, width) = ImageShape(inputShape);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        using var data = SKData.CreateCopy(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        var pixels = new byte[channels * height * width];
        using var codec = SKCodec.Create(data);
        if (Decode(codec, channels, height, width, pixels) is { } problem)
        {
            throw new DatasetException($"{name} {problem}.");
        }

        return pixels;
    }

    /// <summary>
    /// <c>(C, H, W)</c> of an image input shape.
    /// </summary>
    /// <exception cref="DatasetException">The shape is not <c>[1 or 3, H, W]</c>.</exception>
    internal static (int Channels, int Height, int Width) ImageShape(ImmutableArray<long> inputShape)
    {
        if (inputShape.Length != 3 || inputShape[0] is not (1 or 3))
        {
            throw new DatasetException(
                $"Images can only be the input of a model that takes images ([1 or 3, height, width]), not [{string.Join(", ", inputShape)}].");
        }

        return ((int)inputShape[0], (int)inputShape[1], (int)inputShape[2]);
    }

    /// <summary>
    /// Decodes the file into <paramref name="destination"/> (<c>C * H * W</c> bytes); returns what is wrong with it, as
    /// the end of a sentence that starts with its name, or <see langword="null"/>. Safe to call from several threads.
    /// </summary>
    internal static string? Decode(string path, int channels, int height, int width, Span<byte> destination)
    {
        try
        {
            using var codec = SKCodec.Create(path);
            return Decode(codec, channels, height, width, destination);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({exception.Message})";
        }
    }

    private static string? Decode(SKCodec? codec, int channels, int height, int width, Span<byte> destination)
    {
        if (codec is null)
        {
            return "is not an image SkiaSharp can read (PNG, JPEG, WebP, GIF or BMP), or it is damaged";
        }

        // Unpremultiplied, so a transparent pixel keeps its colour; alpha is then ignored.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return result == SKCodecResult.IncompleteInput
                ? "is damaged: it ends before the picture does (a truncated file?)"
                : $"could not be decoded ({result})";
        }

        MakeOpaque(decoded);
        using var sized = info.Width == width && info.Height == height ? null : Resize(decoded, width, height);
        ToChannels((sized ?? decoded).GetPixelSpan(), channels, height * width, destination);
        return null;
    }

    /// <summary>Sets every alpha byte to 255, so resampling treats the pixels as opaque (transparency is dropped).</summary>
    private static void MakeOpaque(SKBitmap bitmap)
    {
        var rgba = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        var alpha = BitConverter.IsLittleEndian ? 0xFF000000u : 0x000000FFu;
        for (var i = 0; i < rgba.Length; i++)
        {
            rgba[i] |= alpha;
        }
    }

    private static SKBitmap Resize(SKBitmap source, int width, int height)
    {
        var shrinking = width < source.Width || height < source.Height;
        var sampling = shrinking ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKCubicResampler.Mitchell);
        var opaque = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixels(opaque, source.GetPixels(), source.RowBytes);
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.DrawImage(image, new SKRect(0, 0, width, height), sampling);
        }

        return target;
    }

    /// <summary>Interleaved RGBA to channel planes, or to BT.601 luminance for one channel.</summary>
    private static void ToChannels(ReadOnlySpan<byte> rgba, int channels, int plane, Span<byte> destination)
    {
        for (var at = 0; at < plane; at++)
        {
            var (red, green, blue) = (rgba[at * 4], rgba[(at * 4) + 1], rgba[(at * 4) + 2]);
            if (channels == 1)
            {
                destination[at] = (byte)Math.Round((0.299 * red) + (0.587 * green) + (0.114 * blue));
                continue;
            }

            destination[at] = red;
            destination[plane + at] = green;
            destination[(2 * plane) + at] = blue;
        }
    }
}
