namespace ModelGen.Reporting;

/// <summary>A rectangle in image pixels (origin top left).</summary>
internal readonly record struct PixelBox(int Left, int Top, int Width, int Height)
{
    public int CenterX => Left + Width / 2;

    public int CenterY => Top + Height / 2;
}

/// <summary>Where each image of an image grid goes; also used by tests to find the images in the PNG.</summary>
internal sealed record ImageGridLayout(int Width, int Height, int Scale, IReadOnlyList<PixelBox> Tiles)
{
    public const int Margin = 18;
    public const int GapX = 18;
    public const int GapY = 14;
    public const int TitleHeight = 40;
    public const int CaptionGap = 5;
    public const int CaptionLineHeight = 17;
    public const float CaptionFontSize = 13;
    public const int MinimumTileWidth = 112;

    public static ImageGridLayout Create(IReadOnlyList<ImageSample> images, int columns, string? title, int scale)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("An image grid needs at least one image.", nameof(images));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 64);
        if (images.Any(i => i is null))
        {
            throw new ArgumentException("The image list contains null.", nameof(images));
        }

        var height = images[0].Height;
        var width = images[0].Width;
        if (images.Any(i => i.Height != height || i.Width != width))
        {
            throw new ArgumentException("All images of a grid must have the same size.", nameof(images));
        }

        if (scale == 0)
        {
            scale = Math.Max(1, (int)Math.Round(128.0 / Math.Max(height, width)));
        }

        columns = Math.Min(columns, images.Count);
        var rows = (images.Count + columns - 1) / columns;
        var tileWidth = width * scale;
        var tileHeight = height * scale;
        var cellWidth = Math.Max(tileWidth, MinimumTileWidth);
        var lines = images.Max(i => i.Caption.Split('\n').Length);
        var captionHeight = CaptionGap + lines * CaptionLineHeight + 4;
        var top = Margin + (title is null ? 0 : TitleHeight);
        var figureWidth = 2 * Margin + columns * cellWidth + (columns - 1) * GapX;
        var figureHeight = top + rows * (tileHeight + captionHeight) + (rows - 1) * GapY + Margin;

        var tiles = new PixelBox[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var row = i / columns;
            var column = i % columns;
            var left = Margin + column * (cellWidth + GapX) + (cellWidth - tileWidth) / 2;
            tiles[i] = new PixelBox(left, top + row * (tileHeight + captionHeight + GapY), tileWidth, tileHeight);
        }

        return new ImageGridLayout(figureWidth, figureHeight, scale, tiles);
    }
}

/// <summary>The confusion matrix heat map's geometry: margins for labels, the colour bar and the cell size.</summary>
internal sealed record HeatmapLayout(int Width, int Height, int Left, int Right, int Top, int Bottom, int Cell, float TickFontSize, int RotatedLabelRoom)
{
    public static HeatmapLayout Create(int classes)
    {
        var cell = Math.Clamp(600 / classes, 12, classes <= 3 ? 120 : 60);
        var tickFont = Math.Clamp(cell * 0.26f, 9f, 14f);
        const int Left = 140, Right = 120, Top = 56, Bottom = 120;
        return new HeatmapLayout(
            Left + classes * cell + Right, Top + classes * cell + Bottom, Left, Right, Top, Bottom, cell, tickFont, RotatedLabelRoom: 62);
    }

    /// <summary>The cell of (true class, predicted class) in image pixels.</summary>
    public PixelBox CellBox(int actual, int predicted) => new(Left + predicted * Cell, Top + actual * Cell, Cell, Cell);
}
