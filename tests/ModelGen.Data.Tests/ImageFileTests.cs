using System.Collections.Immutable;
using ModelGen.Data;
using SkiaSharp;

namespace ModelGen.Data.Tests;

/// <summary>Image files as a model's input: channel-major uint8 pixels of the model's size.</summary>
public sealed class ImageFileTests
{
    private static readonly SKColor[] Colors = [new(255, 0, 0), new(0, 128, 0), new(10, 20, 250), new(7, 8, 9), new(200, 100, 50), new(0, 0, 0)];

    [Fact]
    public void A_png_of_the_model_size_reads_as_its_red_green_and_blue_planes_exactly()
    {
        using var folder = new TempFolder();
        var path = Save(folder, "3x2.png", width: 3, height: 2, (x, y) => Colors[(y * 3) + x]);

        var pixels = ImageFile.ReadPixels(path, ImmutableArray.Create(3L, 2L, 3L));

        byte[] red = [255, 0, 10, 7, 200, 0];
        byte[] green = [0, 128, 20, 8, 100, 0];
        byte[] blue = [0, 0, 250, 9, 50, 0];
        Assert.Equal([.. red, .. green, .. blue], pixels);
    }

    [Fact]
    public void One_channel_is_the_luminance()
    {
        using var folder = new TempFolder();
        var path = Save(folder, "grey.png", width: 2, height: 1, (x, _) => x == 0 ? new SKColor(255, 255, 255) : new SKColor(200, 100, 50));

        var pixels = ImageFile.ReadPixels(path, ImmutableArray.Create(1L, 1L, 2L));

        Assert.Equal([255, (byte)Math.Round((0.299 * 200) + (0.587 * 100) + (0.114 * 50))], pixels);
    }

    [Fact]
    public void An_image_of_another_size_is_stretched_to_the_model_size()
    {
        using var folder = new TempFolder();
        var path = Save(folder, "big.png", width: 12, height: 9, (_, _) => new SKColor(30, 60, 90));

        var pixels = ImageFile.ReadPixels(path, ImmutableArray.Create(3L, 4L, 5L));

        Assert.Equal(3 * 4 * 5, pixels.Length);
        Assert.All(pixels[..20], value => Assert.InRange(value, 29, 31));
        Assert.All(pixels[20..40], value => Assert.InRange(value, 59, 61));
        Assert.All(pixels[40..], value => Assert.InRange(value, 89, 91));
    }

    [Fact]
    public void A_file_that_is_not_an_image_or_is_missing_is_named()
    {
        using var folder = new TempFolder();
        var text = System.IO.Path.Combine(folder.Path, "notes.png");
        File.WriteAllText(text, "not pixels");
        var shape = ImmutableArray.Create(3L, 32L, 32L);

        var notImage = Assert.Throws<DatasetException>(() => ImageFile.ReadPixels(text, shape));
        var missing = Assert.Throws<DatasetException>(() => ImageFile.ReadPixels(System.IO.Path.Combine(folder.Path, "none.png"), shape));
        var features = Assert.Throws<DatasetException>(() => ImageFile.ReadPixels(text, ImmutableArray.Create(784L)));

        Assert.Equal($"{text} is not an image SkiaSharp can read (PNG, JPEG, WebP, GIF or BMP), or it is damaged.", notImage.Message);
        Assert.Equal($"The image {System.IO.Path.Combine(folder.Path, "none.png")} does not exist.", missing.Message);
        Assert.Contains("not [784]", features.Message, StringComparison.Ordinal);
    }

    private static string Save(TempFolder folder, string name, int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, color(x, y));
            }
        }

        var path = System.IO.Path.Combine(folder.Path, name);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
