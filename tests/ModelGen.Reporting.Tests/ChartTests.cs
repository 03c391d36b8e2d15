using ModelGen.Evaluation;
using ModelGen.Training;
using SkiaSharp;
using static ModelGen.Reporting.Tests.TestData;

namespace ModelGen.Reporting.Tests;

public sealed class ImageGridTests
{
    [Fact]
    public void Grid_of_red_images_is_a_png_of_the_layout_size_with_red_where_the_images_are()
    {
        var images = Enumerable.Range(0, 25).Select(i => new ImageSample(Solid(255, 0, 0), 32, 32, "class " + i)).ToList();

        var png = ReportCharts.ImageGrid(images, columns: 5, title: "Random training images");

        var layout = ImageGridLayout.Create(images, 5, "Random training images", 0);
        using var bitmap = DecodePng(png);
        Assert.Equal(layout.Width, bitmap.Width);
        Assert.Equal(layout.Height, bitmap.Height);
        Assert.Equal(4, layout.Scale);                    // 32 px shown as 128 px
        Assert.Equal(25, layout.Tiles.Count);
        foreach (var tile in layout.Tiles)
        {
            Assert.Equal(128, tile.Width);
            AssertColor(SKColors.Red, bitmap.GetPixel(tile.CenterX, tile.CenterY));
            AssertColor(SKColors.Red, bitmap.GetPixel(tile.Left + 1, tile.Top + 1));
            AssertColor(SKColors.Red, bitmap.GetPixel(tile.Left + tile.Width - 2, tile.Top + tile.Height - 2));
        }

        // Between the first two images (and in the margin) the background is white.
        var first = layout.Tiles[0];
        AssertColor(SKColors.White, bitmap.GetPixel(first.Left + first.Width + ImageGridLayout.GapX / 2, first.CenterY));
        AssertColor(SKColors.White, bitmap.GetPixel(2, 2));
    }

    [Fact]
    public void Captions_are_drawn_under_the_images()
    {
        // Skia finds fonts itself (no fontconfig): without a usable font, captions would silently be blank.
        var images = new[] { new ImageSample(Solid(255, 255, 255), 32, 32, "automobile 0.93\ntrue: truck") };

        using var bitmap = DecodePng(ReportCharts.ImageGrid(images, columns: 1));

        var tile = ImageGridLayout.Create(images, 1, null, 0).Tiles[0];
        int Dark(int top, int bottom)
        {
            var count = 0;
            for (var y = top; y < bottom; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    count += Brightness(bitmap.GetPixel(x, y)) < 128 ? 1 : 0;
                }
            }

            return count;
        }

        var below = tile.Top + tile.Height;
        Assert.True(Dark(below, below + ImageGridLayout.CaptionLineHeight + 4) > 40, "first caption line missing");
        Assert.True(Dark(below + ImageGridLayout.CaptionLineHeight + 4, bitmap.Height) > 30, "second caption line missing");
        Assert.Equal(0, Dark(tile.Top, below)); // the white image itself
    }

    [Fact]
    public void Pixels_are_read_channel_major_and_enlarged_with_nearest_neighbour()
    {
        var images = new[] { new ImageSample(RedLeftBlueRight(), 32, 32, "half and half") };

        using var bitmap = DecodePng(ReportCharts.ImageGrid(images, columns: 1));

        var tile = ImageGridLayout.Create(images, 1, null, 0).Tiles[0];
        AssertColor(SKColors.Red, bitmap.GetPixel(tile.Left + 10, tile.CenterY));
        AssertColor(SKColors.Blue, bitmap.GetPixel(tile.Left + tile.Width - 10, tile.CenterY));
        // Nearest neighbour: the edge between the halves stays sharp, no blended purple pixels.
        for (var x = tile.Left; x < tile.Left + tile.Width; x++)
        {
            var c = bitmap.GetPixel(x, tile.CenterY);
            Assert.True(c == SKColors.Red || c == SKColors.Blue, $"pixel {x} is {c}, a blend");
        }

        Assert.Equal(SKColors.Red, bitmap.GetPixel(tile.Left + 63, tile.CenterY));
        Assert.Equal(SKColors.Blue, bitmap.GetPixel(tile.Left + 64, tile.CenterY));
    }

    [Fact]
    public void Grey_images_have_one_channel()
    {
        var grey = Enumerable.Repeat((byte)200, 28 * 28).ToArray();
        var images = new[] { new ImageSample(grey, 28, 28, "7") };

        using var bitmap = DecodePng(ReportCharts.ImageGrid(images));

        var tile = ImageGridLayout.Create(images, 5, null, 0).Tiles[0];
        Assert.Equal(1, images[0].Channels);
        AssertColor(new SKColor(200, 200, 200), bitmap.GetPixel(tile.CenterX, tile.CenterY));
    }

    [Fact]
    public void Wrong_predictions_are_framed_in_red_and_right_ones_are_not()
    {
        var names = Cifar10Classes;
        var images = new[]
        {
            ImageSample.ForPrediction(Solid(255, 255, 255), 32, 32, new Prediction(0, TrueLabel: 3, PredictedLabel: 5, Score: 0.61f), names),
            ImageSample.ForPrediction(Solid(255, 255, 255), 32, 32, new Prediction(1, TrueLabel: 3, PredictedLabel: 3, Score: 0.97f), names),
        };

        using var bitmap = DecodePng(ReportCharts.ImageGrid(images, columns: 2));

        var layout = ImageGridLayout.Create(images, 2, null, 0);
        var wrong = layout.Tiles[0];
        var right = layout.Tiles[1];
        var frameRed = bitmap.GetPixel(wrong.CenterX, wrong.Top - 3);
        Assert.True(frameRed.Red > 180 && frameRed.Green < 90 && frameRed.Blue < 90, $"no red frame: {frameRed}");
        AssertColor(SKColors.White, bitmap.GetPixel(right.CenterX, right.Top - 3));
    }

    [Fact]
    public void Prediction_captions_name_predicted_class_score_and_true_class()
    {
        var sample = ImageSample.ForPrediction(Solid(0, 0, 0), 32, 32, new Prediction(7, TrueLabel: 5, PredictedLabel: 3, Score: 0.934f), Cifar10Classes);

        Assert.Equal("cat 0.93\ntrue: dog", sample.Caption);
        Assert.True(sample.IsMistake);
        Assert.False(ImageSample.ForPrediction(Solid(0, 0, 0), 32, 32, new Prediction(7, 5, 5, 0.9f), Cifar10Classes).IsMistake);
        Assert.Equal("horse", ImageSample.ForLabel(Solid(0, 0, 0), 32, 32, 7, Cifar10Classes).Caption);
    }

    [Fact]
    public void Image_samples_reject_pixel_counts_that_do_not_match_the_size()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageSample(new byte[100], 32, 32, "x"));
        Assert.Contains("3072", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ReportCharts.ImageGrid([]));
        Assert.Throws<ArgumentException>(() => ReportCharts.ImageGrid(
            [new ImageSample(Solid(0, 0, 0), 32, 32, "a"), new ImageSample(Solid(0, 0, 0, size: 16), 16, 16, "b")]));
    }
}

public sealed class LearningCurveTests
{
    private static readonly SKColor Train = SKColor.Parse("#1f77b4");
    private static readonly SKColor Test = SKColor.Parse("#ff7f0e");

    [Fact]
    public void Learning_curves_have_both_lines_in_both_panels()
    {
        using var bitmap = DecodePng(ReportCharts.LearningCurves(Epochs(), width: 1200, height: 460));

        Assert.Equal(1200, bitmap.Width);
        Assert.Equal(460, bitmap.Height);
        var left = ColoursIn(bitmap, 0, 600);
        var right = ColoursIn(bitmap, 600, 1200);
        Assert.True(left.Train > 100 && left.Test > 100, $"loss panel: {left.Train} train, {left.Test} test pixels");
        Assert.True(right.Train > 100 && right.Test > 100, $"accuracy panel: {right.Train} train, {right.Test} test pixels");
    }

    [Fact]
    public void One_epoch_and_a_diverged_loss_still_render()
    {
        using var one = DecodePng(ReportCharts.LearningCurves(Epochs(1)));
        Assert.Equal(1200, one.Width);

        var diverged = Epochs(3);
        diverged[2] = diverged[2] with { TrainLoss = double.NaN, TestLoss = double.PositiveInfinity };
        using var bitmap = DecodePng(ReportCharts.LearningCurves(diverged));
        Assert.True(ColoursIn(bitmap, 0, 600).Train > 50);
    }

    [Fact]
    public void A_regression_models_right_panel_shows_its_mean_absolute_error()
    {
        // No accuracy at all: the right panel has lines only if it plots the mean absolute errors.
        using var bitmap = DecodePng(ReportCharts.LearningCurves(RegressionEpochs()));

        var right = ColoursIn(bitmap, 600, 1200);
        Assert.True(right.Train > 100 && right.Test > 100, $"error panel: {right.Train} train, {right.Test} test pixels");
    }

    [Fact]
    public void Learning_curves_need_an_epoch()
    {
        Assert.Throws<ArgumentException>(() => ReportCharts.LearningCurves(Array.Empty<EpochMetrics>()));
    }

    private static (int Train, int Test) ColoursIn(SKBitmap bitmap, int fromX, int toX)
    {
        int train = 0, test = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = fromX; x < toX; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Near(c, Train))
                {
                    train++;
                }
                else if (Near(c, Test))
                {
                    test++;
                }
            }
        }

        return (train, test);
    }

    private static bool Near(SKColor a, SKColor b) =>
        Math.Abs(a.Red - b.Red) < 12 && Math.Abs(a.Green - b.Green) < 12 && Math.Abs(a.Blue - b.Blue) < 12;
}

public sealed class ConfusionHeatmapTests
{
    [Fact]
    public void Heatmap_is_a_png_of_the_layout_size_and_darker_where_counts_are_higher()
    {
        var matrix = Matrix();

        using var bitmap = DecodePng(ReportCharts.ConfusionMatrixHeatmap(matrix));

        var layout = HeatmapLayout.Create(10);
        Assert.Equal(layout.Width, bitmap.Width);
        Assert.Equal(layout.Height, bitmap.Height);
        // Corners of cells, away from the count written in the middle.
        var diagonal = bitmap.GetPixel(layout.CellBox(3, 3).Left + 4, layout.CellBox(3, 3).Top + 4);
        var offDiagonal = bitmap.GetPixel(layout.CellBox(3, 4).Left + 4, layout.CellBox(3, 4).Top + 4);
        Assert.True(Brightness(diagonal) + 80 < Brightness(offDiagonal), $"diagonal {diagonal} is not darker than {offDiagonal}");
    }

    [Fact]
    public void Rows_are_true_classes_and_columns_predicted_classes()
    {
        // Every "cat" (label 3) is predicted "dog" (label 5); nothing else is counted.
        var matrix = new ConfusionMatrix(Cifar10Classes);
        matrix.Add(actual: 3, predicted: 5, count: 100);

        using var bitmap = DecodePng(ReportCharts.ConfusionMatrixHeatmap(matrix));

        var layout = HeatmapLayout.Create(10);
        SKColor Corner(int a, int p) => bitmap.GetPixel(layout.CellBox(a, p).Left + 4, layout.CellBox(a, p).Top + 4);
        var catAsDog = Corner(3, 5);
        var dogAsCat = Corner(5, 3);
        Assert.True(Brightness(catAsDog) < 100, $"row cat, column dog should be dark: {catAsDog}");
        AssertColor(dogAsCat, Corner(0, 0), tolerance: 2);
        Assert.True(Brightness(dogAsCat) > 240, $"row dog, column cat should be light: {dogAsCat}");
    }

    [Fact]
    public void Small_and_large_class_counts_render()
    {
        using var three = DecodePng(ReportCharts.ConfusionMatrixHeatmap(Matrix(["yes", "no", "<maybe>"])));
        Assert.Equal(HeatmapLayout.Create(3).Width, three.Width);
        var many = Enumerable.Range(0, 100).Select(i => "class" + i).ToArray();
        using var hundred = DecodePng(ReportCharts.ConfusionMatrixHeatmap(Matrix(many)));
        Assert.Equal(HeatmapLayout.Create(100).Height, hundred.Height);
    }
}
