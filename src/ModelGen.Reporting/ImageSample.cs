using System.Globalization;
using ModelGen.Evaluation;

namespace ModelGen.Reporting;

/// <summary>
/// One small image with a caption, for picture grids. The pixels are bytes in channel-major (CHW) order, as a
/// uint8 tensor <c>[C, H, W]</c> holds them: the whole first channel row by row, then the second, then the third.
/// Three channels are red, green, blue; one channel is grey.
/// </summary>
public sealed class ImageSample
{
    /// <summary>Creates an image sample.</summary>
    /// <param name="chwPixels">Channel-major pixels, <c>channels * height * width</c> bytes with 1 or 3 channels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="caption">Caption shown under the image; may hold a line break (<c>\n</c>) for a second line.</param>
    /// <param name="isMistake">Draws the caption in red and frames the image in red (a wrong prediction).</param>
    /// <exception cref="ArgumentException">The pixel count does not match 1 or 3 channels of <paramref name="height"/> x <paramref name="width"/>.</exception>
    public ImageSample(byte[] chwPixels, int height, int width, string caption, bool isMistake = false)
    {
        ArgumentNullException.ThrowIfNull(chwPixels);
        ArgumentNullException.ThrowIfNull(caption);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 4096);
        var plane = height * width;
        if (chwPixels.Length != plane && chwPixels.Length != 3 * plane)
        {
            throw new ArgumentException(
                $"An image of {height}x{width} pixels needs {3 * plane} bytes (3 channels, CHW) or {plane} (grey), " +
                $"but got {chwPixels.Length}.",
                nameof(chwPixels));
        }

        ChwPixels = chwPixels;
        Height = height;
        Width = width;
        Caption = caption;
        IsMistake = isMistake;
    }

    /// <summary>Channel-major pixels (see the class remarks).</summary>
    public byte[] ChwPixels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>1 (grey) or 3 (red, green, blue).</summary>
    public int Channels => ChwPixels.Length / (Height * Width);

    /// <summary>Caption under the image; <c>\n</c> separates lines.</summary>
    public string Caption { get; }

    /// <summary>Whether the image is marked as a mistake (red caption and frame).</summary>
    public bool IsMistake { get; }

    /// <summary>The colour of pixel (<paramref name="y"/>, <paramref name="x"/>) as red, green, blue.</summary>
    public (byte R, byte G, byte B) GetPixel(int y, int x)
    {
        var plane = Height * Width;
        var i = y * Width + x;
        return Channels == 1
            ? (ChwPixels[i], ChwPixels[i], ChwPixels[i])
            : (ChwPixels[i], ChwPixels[plane + i], ChwPixels[2 * plane + i]);
    }

    /// <summary>An image captioned with its class name, for the grid of training images.</summary>
    /// <param name="chwPixels">Channel-major pixels (see the class remarks).</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="label">The image's class.</param>
    /// <param name="classNames">Class names by label.</param>
    public static ImageSample ForLabel(byte[] chwPixels, int height, int width, int label, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return new ImageSample(chwPixels, height, width, ClassName(classNames, label));
    }

    /// <summary>
    /// An image captioned with a prediction, for the grid of test predictions: first line the predicted class and its
    /// score, second line the true class. Wrong predictions are marked (<see cref="IsMistake"/>).
    /// </summary>
    /// <param name="chwPixels">Channel-major pixels (see the class remarks).</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="prediction">The prediction for this image.</param>
    /// <param name="classNames">Class names by label.</param>
    public static ImageSample ForPrediction(
        byte[] chwPixels, int height, int width, Prediction prediction, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(classNames);
        var caption = string.Create(
            CultureInfo.InvariantCulture,
            $"{ClassName(classNames, prediction.PredictedLabel)} {prediction.Score:0.00}\ntrue: {ClassName(classNames, prediction.TrueLabel)}");
        return new ImageSample(chwPixels, height, width, caption, prediction.PredictedLabel != prediction.TrueLabel);
    }

    internal static string ClassName(IReadOnlyList<string> classNames, int label) =>
        label >= 0 && label < classNames.Count ? classNames[label] : label.ToString(CultureInfo.InvariantCulture);
}
