using System.Collections.Immutable;
using ModelGen.Data;
using SkiaSharp;

namespace ModelGen.Reporting;

/// <summary>
/// Reads an image file (PNG, JPEG, WebP, GIF, BMP: whatever SkiaSharp decodes) as a model's input: uint8 pixels in
/// channel-major order, the way data sets hold images, resized to the model's height and width when it has another size.
/// </summary>
public static class ImageFile
{
    /// <summary>
    /// The pixels of the image at <paramref name="path"/> shaped as one sample of <paramref name="inputShape"/>
    /// (<c>[C, H, W]</c>): 3 channels are the red, green and blue planes; 1 channel is the luminance (ITU-R BT.601).
    /// An image of another size is stretched to H x W (Mitchell cubic resampling); transparency is ignored.
    /// </summary>
    /// <exception cref="DatasetException">The file is missing, unreadable or not an image, or the shape is not an
    /// image shape with 1 or 3 channels.</exception>
    public static byte[] ReadPixels(string path, ImmutableArray<long> inputShape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (inputShape.Length != 3 || inputShape[0] is not (1 or 3))
        {
            throw new DatasetException($"An image file can only be the input of a model that takes images ([1 or 3, height, width]), not [{string.Join(", ", inputShape)}].");
        }

        if (!File.Exists(path))
        {
            throw new DatasetException($"The image {path} does not exist.");
        }

        var (channels, height, width) = ((int)inputShape[0], (int)inputShape[1], (int)inputShape[2]);
        using var decoded = SKBitmap.Decode(path)
            ?? throw new DatasetException($"{path} is not an image SkiaSharp can read (PNG, JPEG, WebP, GIF or BMP), or it is damaged.");
        using var sized = decoded.Width == width && decoded.Height == height
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        var pixels = new byte[channels * height * width];
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var color = sized.GetPixel(x, y);
                var at = (y * width) + x;
                if (channels == 1)
                {
                    pixels[at] = (byte)Math.Round((0.299 * color.Red) + (0.587 * color.Green) + (0.114 * color.Blue));
                    continue;
                }

                pixels[at] = color.Red;
                pixels[plane + at] = color.Green;
                pixels[(2 * plane) + at] = color.Blue;
            }
        }

        return pixels;
    }
}
