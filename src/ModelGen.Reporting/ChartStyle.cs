using ScottPlot;
using SkiaSharp;

namespace ModelGen.Reporting;

/// <summary>Fonts and colours shared by every chart.</summary>
internal static class ChartStyle
{
    private static readonly Lazy<string> SansFont = new(PickSansFont);

    /// <summary>A sans-serif font installed on this machine (Skia's own default on Linux is a serif face).</summary>
    public static string FontName => SansFont.Value;

    public static readonly Color Train = Color.FromHex("#1f77b4");
    public static readonly Color Test = Color.FromHex("#ff7f0e");
    public static readonly Color Validation = Color.FromHex("#2ca02c");
    public static readonly Color Text = Color.FromHex("#222222");
    public static readonly Color Correct = Color.FromHex("#1b5e20");
    public static readonly Color Mistake = Color.FromHex("#d32f2f");
    public static readonly Color Background = Colors.White;

    /// <summary>A new plot with the report's font and a white background.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.FigureBackground.Color = Background;
        plot.DataBackground.Color = Background;
        return plot;
    }

    /// <summary>Runs a rendering, turning a native-library failure into a clear <see cref="ReportException"/>.</summary>
    public static byte[] Guard(Func<byte[]> render)
    {
        try
        {
            return render();
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw NativeFailure(e);
        }
    }

    public static bool IsNativeLoadFailure(Exception e) =>
        e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException;

    public static ReportException NativeFailure(Exception e) => new(
        "Could not render the report's pictures: SkiaSharp's native library (libSkiaSharp) did not load on this " +
        $"machine ({e.GetBaseException().Message}). On Linux the package SkiaSharp.NativeAssets.Linux.NoDependencies " +
        "provides it; check that it was restored and copied next to the program.",
        innerException: e);

    private static string PickSansFont()
    {
        try
        {
            string[] preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];
            var installed = new HashSet<string>(SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
            return preferred.FirstOrDefault(installed.Contains) ?? Fonts.Default;
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            throw NativeFailure(e);
        }
    }
}
