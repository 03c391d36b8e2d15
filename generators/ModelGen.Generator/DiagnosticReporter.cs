using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Generator;

/// <summary>Turns plain <see cref="DiagnosticInfo"/> into Roslyn diagnostics located in the YAML file.</summary>
internal static class DiagnosticReporter
{
    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        // YAML marks are 1-based; Roslyn's LinePosition is 0-based. This is the one place that converts.
        var start = new LinePosition(info.Span.StartLine - 1, info.Span.StartColumn - 1);
        var end = new LinePosition(Math.Max(info.Span.EndLine - 1, start.Line), info.Span.EndLine - 1 > start.Line ? info.Span.EndColumn - 1 : Math.Max(info.Span.EndColumn - 1, start.Character));
        var textSpan = new TextSpan(info.Span.StartIndex, Math.Max(0, info.Span.EndIndex - info.Span.StartIndex));
        var location = Location.Create(info.FilePath, textSpan, new LinePositionSpan(start, end));
        return Diagnostic.Create(DiagnosticCatalog.Get(info.Id), location, info.Message);
    }
}
