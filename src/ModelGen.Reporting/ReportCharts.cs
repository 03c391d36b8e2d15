using System.Globalization;
using ModelGen.Evaluation;
using ModelGen.Training;
using ScottPlot;
using SkiaSharp;

namespace ModelGen.Reporting;

/// <summary>
/// The report's pictures as PNG bytes, drawn with ScottPlot: image grids, learning curves and the confusion matrix
/// heat map. Every method is deterministic for its input and safe to call from several threads.
/// </summary>
public static class ReportCharts
{
    /// <summary>
    /// A grid of images with captions under them, such as random training images (captioned with their class) or
    /// random test predictions (see <see cref="ImageSample.ForPrediction"/>; mistakes get a red caption and frame).
    /// Pixels are enlarged by a whole factor with nearest-neighbour sampling, so they stay sharp.
    /// </summary>
    /// <param name="images">The images, drawn row by row.</param>
    /// <param name="columns">Images per row (5 for a 5x5 grid of 25 images).</param>
    /// <param name="title">A title above the grid, or <see langword="null"/> for none.</param>
    /// <param name="scale">Pixel enlargement factor; 0 picks one that makes images about 128 pixels wide.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ReportException">The graphics library could not be loaded.</exception>
    public static byte[] ImageGrid(IReadOnlyList<ImageSample> images, int columns = 5, string? title = null, int scale = 0)
    {
        var layout = ImageGridLayout.Create(images, columns, title, scale);
        return ChartStyle.Guard(() => RenderImageGrid(images, title, layout));
    }

    private static byte[] RenderImageGrid(IReadOnlyList<ImageSample> images, string? title, ImageGridLayout layout)
    {
        using var plot = ChartStyle.NewPlot();
        plot.Layout.Frameless();
        plot.HideGrid();
        // One data unit is one pixel; y grows upwards in ScottPlot, so rows are placed from the top.
        plot.Axes.SetLimits(0, layout.Width, 0, layout.Height);
        var resources = new List<IDisposable>();
        try
        {
            if (title is not null)
            {
                AddLabel(plot, title, layout.Width / 2.0, layout.Height - ImageGridLayout.Margin + 4, Alignment.UpperCenter, 18, ChartStyle.Text, bold: true);
            }

            for (var i = 0; i < images.Count; i++)
            {
                var sample = images[i];
                var tile = layout.Tiles[i];
                var bitmap = Upscale(sample, layout.Scale);
                resources.Add(bitmap);
                var picture = new ScottPlot.Image(bitmap);
                resources.Add(picture);
                var top = layout.Height - tile.Top;
                var image = plot.Add.ImageRect(
                    picture,
                    new CoordinateRect(tile.Left, tile.Left + tile.Width, top - tile.Height, top));
                image.AntiAlias = false;

                if (sample.IsMistake)
                {
                    var frame = plot.Add.Rectangle(tile.Left - 2.5, tile.Left + tile.Width + 2.5, top - tile.Height - 2.5, top + 2.5);
                    frame.FillStyle.Color = Colors.Transparent;
                    frame.LineColor = ChartStyle.Mistake;
                    frame.LineWidth = 3;
                }

                var lines = sample.Caption.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                for (var line = 0; line < lines.Length; line++)
                {
                    var color = sample.IsMistake ? ChartStyle.Mistake : line == 0 ? ChartStyle.Text : Colors.DimGray;
                    AddLabel(
                        plot,
                        lines[line],
                        tile.Left + tile.Width / 2.0,
                        top - tile.Height - ImageGridLayout.CaptionGap - line * ImageGridLayout.CaptionLineHeight,
                        Alignment.UpperCenter,
                        ImageGridLayout.CaptionFontSize,
                        color,
                        bold: line == 0 && sample.IsMistake);
                }
            }

            return plot.GetImageBytes(layout.Width, layout.Height, ImageFormat.Png);
        }
        finally
        {
            foreach (var resource in Enumerable.Reverse(resources))
            {
                resource.Dispose();
            }
        }
    }

    /// <summary>
    /// Learning curves: two panels side by side, train vs test loss and train vs test accuracy per epoch (for a
    /// regression model: mean absolute error), with legends, axis labels and whole-number epoch ticks. Non-finite
    /// values (a diverged loss) are left out.
    /// </summary>
    /// <param name="epochs">The epochs, in order; at least one.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ReportException">The graphics library could not be loaded.</exception>
    public static byte[] LearningCurves(IReadOnlyList<EpochMetrics> epochs, int width = 1200, int height = 460)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("Learning curves need at least one epoch.", nameof(epochs));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);

        return ChartStyle.Guard(() => RenderLearningCurves(epochs, width, height));
    }

    private static byte[] RenderLearningCurves(IReadOnlyList<EpochMetrics> epochs, int width, int height)
    {
        using var loss = CurvePanel(epochs, "Loss", "Loss", e => e.TrainLoss, e => e.ValidationLoss ?? double.NaN, e => e.TestLoss, Alignment.UpperRight, percent: false);
        var figure = EpochFigure.For(epochs);
        using var figurePanel = CurvePanel(
            epochs, figure.Title, figure.Title, figure.Train, figure.Validation, figure.Test, figure.HigherIsBetter ? Alignment.LowerRight : Alignment.UpperRight, figure.IsFraction);

        // Each panel is rendered on its own (a plot clears the canvas it renders to), then both are drawn side by side.
        var half = width / 2;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new ReportException($"Could not create a {width}x{height} drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        using (var left = SKImage.FromEncodedData(loss.GetImageBytes(half, height, ImageFormat.Png)))
        using (var right = SKImage.FromEncodedData(figurePanel.GetImageBytes(width - half, height, ImageFormat.Png)))
        {
            surface.Canvas.DrawImage(left, 0, 0);
            surface.Canvas.DrawImage(right, half, 0);
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// The confusion matrix as a heat map: rows are true classes (top to bottom), columns predicted classes (left to
    /// right), each cell shows its count. A cell's colour is its share of the true class's samples (the row), so
    /// classes of different sizes compare fairly; darker means more.
    /// </summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <param name="title">The title above the heat map.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ReportException">The graphics library could not be loaded.</exception>
    public static byte[] ConfusionMatrixHeatmap(ConfusionMatrix matrix, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(title);
        if (matrix.ClassCount == 0)
        {
            throw new ArgumentException("The confusion matrix has no classes.", nameof(matrix));
        }

        return ChartStyle.Guard(() => RenderHeatmap(matrix, title));
    }

    private static byte[] RenderHeatmap(ConfusionMatrix matrix, string title)
    {
        var layout = HeatmapLayout.Create(matrix.ClassCount);
        var n = matrix.ClassCount;
        var shares = RowShares(matrix);

        using var plot = ChartStyle.NewPlot();
        plot.Layout.Fixed(new PixelPadding(layout.Left, layout.Right, layout.Bottom, layout.Top));
        plot.HideGrid();

        // Heatmap rows are drawn from the top: intensities[0, *] is the first true class.
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues());
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Rectangle = new CoordinateRect(0, n, 0, n);
        heatmap.Smooth = false;

        // Counts are written in the cells while they fit (up to about 30 classes).
        var fontSize = Math.Clamp(layout.Cell * 0.27f, 7f, 15f);
        for (var actual = 0; actual < n && layout.Cell >= 20; actual++)
        {
            for (var predicted = 0; predicted < n; predicted++)
            {
                var color = shares[actual, predicted] > 0.45 ? Colors.White : ChartStyle.Text;
                AddLabel(
                    plot,
                    matrix[actual, predicted].ToString("N0", CultureInfo.InvariantCulture),
                    predicted + 0.5,
                    n - actual - 0.5,
                    Alignment.MiddleCenter,
                    fontSize,
                    color,
                    bold: actual == predicted);
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => i + 0.5).ToArray();
        var names = matrix.ClassNames.ToArray();
        plot.Axes.Bottom.SetTicks(positions, names);
        plot.Axes.Left.SetTicks(positions.Select(p => n - p).ToArray(), names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.TickLabelStyle.OffsetX = 4;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 2;
        plot.Axes.Bottom.TickLabelStyle.FontSize = layout.TickFontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = layout.TickFontSize;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, n, 0, n);
        plot.XLabel("Predicted class", 15);
        // ScottPlot sizes the axis for unrotated tick labels; leave room for the rotated ones.
        plot.Axes.Bottom.Label.OffsetY = layout.RotatedLabelRoom;
        plot.YLabel("True class", 15);
        plot.Title(title, 18);

        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "share of the true class";
        colorBar.LabelStyle.FontSize = 13;
        colorBar.LabelStyle.OffsetX = 10;
        double[] shareTicks = [0, 0.25, 0.5, 0.75, 1];
        colorBar.Axis.SetTicks(shareTicks, shareTicks.Select(t => t.ToString("0%", CultureInfo.InvariantCulture)).ToArray());
        colorBar.Axis.TickLabelStyle.FontSize = 12;

        return plot.GetImageBytes(layout.Width, layout.Height, ImageFormat.Png);
    }

    /// <summary>Each cell's share of its row (the true class); rows without samples are all zero.</summary>
    internal static double[,] RowShares(ConfusionMatrix matrix)
    {
        var n = matrix.ClassCount;
        var shares = new double[n, n];
        for (var actual = 0; actual < n; actual++)
        {
            var support = matrix.Support(actual);
            for (var predicted = 0; predicted < n; predicted++)
            {
                shares[actual, predicted] = support == 0 ? 0 : matrix[actual, predicted] / (double)support;
            }
        }

        return shares;
    }

    private static Plot CurvePanel(
        IReadOnlyList<EpochMetrics> epochs,
        string title,
        string yLabel,
        Func<EpochMetrics, double> train,
        Func<EpochMetrics, double> validation,
        Func<EpochMetrics, double> test,
        Alignment legendAlignment,
        bool percent)
    {
        var plot = ChartStyle.NewPlot();
        AddCurve(plot, epochs, train, "train", ChartStyle.Train, MarkerShape.FilledCircle, LinePattern.Solid);
        AddCurve(plot, epochs, validation, "validation", ChartStyle.Validation, MarkerShape.FilledDiamond, LinePattern.Dashed);
        AddCurve(plot, epochs, test, "test", ChartStyle.Test, MarkerShape.FilledSquare, LinePattern.Solid);

        var first = epochs.Min(e => e.Epoch);
        var last = epochs.Max(e => e.Epoch);
        var step = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 12.0));
        var ticks = new List<double>();
        for (var epoch = first; epoch <= last; epoch += step)
        {
            ticks.Add(epoch);
        }

        plot.Axes.Bottom.SetTicks(ticks.ToArray(), ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(first - 0.5, last + 0.5);

        var values = epochs.SelectMany(e => new[] { train(e), validation(e), test(e) }).Where(double.IsFinite).ToArray();
        if (values.Length > 0)
        {
            var low = values.Min();
            var high = values.Max();
            var pad = Math.Max((high - low) * 0.08, percent ? 0.02 : Math.Max(Math.Abs(high) * 0.05, 0.01));
            var bottom = low - pad;
            var top = high + pad;
            if (percent)
            {
                bottom = Math.Max(bottom, 0);
                top = Math.Min(top, 1.0);
                if (top - bottom < 0.02)
                {
                    top = Math.Min(bottom + 0.05, 1.0);
                    bottom = top - 0.05;
                }
            }
            else
            {
                bottom = Math.Max(bottom, Math.Min(0, low));
            }

            plot.Axes.SetLimitsY(bottom, top);
        }

        if (percent)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => v.ToString("0%", CultureInfo.InvariantCulture),
            };
        }

        plot.Title(title, 18);
        plot.XLabel("Epoch", 15);
        plot.YLabel(yLabel, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        var legend = plot.ShowLegend(legendAlignment);
        legend.FontSize = 14;
        return plot;
    }

    private static void AddCurve(
        Plot plot,
        IReadOnlyList<EpochMetrics> epochs,
        Func<EpochMetrics, double> value,
        string label,
        Color color,
        MarkerShape marker,
        LinePattern pattern)
    {
        var points = epochs.Where(e => double.IsFinite(value(e))).ToArray();
        if (points.Length == 0)
        {
            return;   // no such data (a run without validation data)
        }

        var scatter = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(value).ToArray(), color);
        scatter.LegendText = label;
        scatter.LineWidth = 2.5f;
        scatter.LinePattern = pattern;
        scatter.MarkerShape = marker;
        scatter.MarkerSize = 8;
    }

    private static void AddLabel(Plot plot, string text, double x, double y, Alignment alignment, float size, Color color, bool bold)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelAlignment = alignment;
        label.LabelFontSize = size;
        label.LabelFontColor = color;
        label.LabelFontName = ChartStyle.FontName;
        label.LabelBold = bold;
    }

    /// <summary>A premultiplied RGBA bitmap of <paramref name="sample"/>, each pixel repeated <paramref name="scale"/> times each way.</summary>
    private static SKBitmap Upscale(ImageSample sample, int scale)
    {
        var width = sample.Width * scale;
        var height = sample.Height * scale;
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < sample.Height; y++)
        {
            for (var x = 0; x < sample.Width; x++)
            {
                var (r, g, b) = sample.GetPixel(y, x);
                for (var dy = 0; dy < scale; dy++)
                {
                    var row = ((y * scale) + dy) * width;
                    for (var dx = 0; dx < scale; dx++)
                    {
                        var o = (row + (x * scale) + dx) * 4;
                        rgba[o] = r;
                        rgba[o + 1] = g;
                        rgba[o + 2] = b;
                        rgba[o + 3] = 255;
                    }
                }
            }
        }

        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }
}
