using System.Collections.Generic;
using System.Globalization;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Language;

namespace ModelGen.Compiler.Diagnostics;

/// <summary>
/// A diagnostic as plain, equatable data (no Roslyn <c>Location</c> or <c>Diagnostic</c>), so it can flow
/// through the incremental pipeline and be printed by tools that do not run inside the compiler.
/// </summary>
public sealed record DiagnosticInfo(string Id, string Message, string FilePath, SourceSpan Span)
{
    public bool IsError => DiagnosticCatalog.Get(Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;

    /// <summary><c>path(line,col): error MG0005: message</c>, as Roslyn's <c>Diagnostic.ToString()</c> writes it.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): {3} {4}: {5}",
            FilePath, Span.StartLine, Span.StartColumn, IsError ? "error" : "warning", Id, Message);

    /// <summary>
    /// The line <c>dotnet build</c> prints (MSBuild's project suffix aside): the compiler adds the help link, the
    /// diagnostic's entry in docs/diagnostics.md, in parentheses when there is one.
    /// </summary>
    public string ToBuildLine() => ToBuildLine(DiagnosticCatalog.Get(Id).HelpLinkUri);

    /// <summary>The build line with <paramref name="helpLink"/> (none when empty).</summary>
    internal string ToBuildLine(string helpLink) => helpLink.Length > 0 ? $"{this} ({helpLink})" : ToString();
}

/// <summary>
/// Collects the diagnostics of one spec file, at most <see cref="SpecLimits.MaxDiagnostics"/> of them: then one MG0024
/// says the rest were not reported, and later ones are dropped (a hostile spec cannot flood the build's output).
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly List<DiagnosticInfo> _items = new();

    public DiagnosticBag(string filePath) => FilePath = filePath;

    public string FilePath { get; }

    public bool HasErrors => ErrorCount > 0;

    public int ErrorCount { get; private set; }

    public IReadOnlyList<DiagnosticInfo> Items => _items;

    /// <summary>The cap was reached: later problems were not reported.</summary>
    public bool Truncated { get; private set; }

    public void Add(string id, SourceSpan span, string message)
    {
        if (Truncated)
        {
            return;
        }

        if (_items.Count == SpecLimits.MaxDiagnostics)
        {
            Truncated = true;
            id = DiagnosticIds.LimitExceeded;
            message = string.Format(CultureInfo.InvariantCulture,
                "this spec has more than {0} problems, so ModelGen stops reporting them here; fix the ones above first", SpecLimits.MaxDiagnostics);
        }

        var info = new DiagnosticInfo(id, message, FilePath, span);
        ErrorCount += info.IsError ? 1 : 0;
        _items.Add(info);
    }
}
