namespace ModelGen.Compiler.Common;

/// <summary>
/// Where a YAML node sits in its file. Lines and columns are 1-based, as YamlDotNet's marks and
/// as a person reads them; <see cref="Diagnostics.DiagnosticReporter"/> converts to Roslyn's 0-based
/// positions in one place. Indexes are 0-based character offsets.
/// </summary>
public readonly record struct SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartIndex, int EndIndex)
{
    /// <summary>The start of the file, for problems that belong to no single node.</summary>
    public static SourceSpan FileStart => new(1, 1, 1, 1, 0, 0);

    public override string ToString() => $"({StartLine},{StartColumn})";
}
