using System.Globalization;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Tests;

namespace ModelGen.Diagnostics.Tests;

/// <summary>Runs the generator over inline specs and checks what it reports, through the shared harness.</summary>
internal static class SpecRun
{
    /// <summary>The path every single-spec test uses; it appears in each reported location.</summary>
    public const string DefaultPath = "models/net.model.yaml";

    public static GeneratorOutcome Run(string yaml, string path = DefaultPath) => GeneratorHarness.Run((path, yaml));

    public static GeneratorOutcome Run(params (string Path, string Yaml)[] specs) => GeneratorHarness.Run(specs);

    /// <summary>
    /// The line the build prints for a diagnostic: <c>path(line,col): error MG0005: message</c>, with 1-based
    /// line and column (MSBuild appends the project in brackets).
    /// </summary>
    public static string BuildLine(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var severity = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): {3} {4}: {5}",
            span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, severity, diagnostic.Id,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Select(BuildLine).ToList();
        return lines.Count == 0 ? "(no diagnostics)" : string.Join(Environment.NewLine, lines);
    }

    /// <summary>MG0xxx are errors and MG1xxx warnings, by the convention of <c>DiagnosticIds</c>.</summary>
    public static DiagnosticSeverity SeverityOf(string id) =>
        id.StartsWith("MG1", StringComparison.Ordinal) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;

    /// <summary>
    /// Asserts that the run reported exactly one diagnostic, with this ID, its severity and this 1-based location,
    /// and that the generator itself did not fail.
    /// </summary>
    public static Diagnostic AssertSingle(GeneratorOutcome outcome, string id, int line, int column, string path = DefaultPath)
    {
        Assert.Null(outcome.GeneratorException);
        if (outcome.Diagnostics.Count != 1)
        {
            Assert.Fail($"expected exactly one diagnostic, {id} at ({line},{column}); got:{Environment.NewLine}{Describe(outcome.Diagnostics)}");
        }

        var diagnostic = outcome.Diagnostics[0];
        AssertAt(diagnostic, id, line, column, path);
        return diagnostic;
    }

    public static void AssertAt(Diagnostic diagnostic, string id, int line, int column, string path = DefaultPath)
    {
        var because = Environment.NewLine + BuildLine(diagnostic);
        var span = diagnostic.Location.GetLineSpan();
        Assert.True(id == diagnostic.Id, $"expected {id}, got {diagnostic.Id}:{because}");
        Assert.True(SeverityOf(id) == diagnostic.Severity, $"expected severity {SeverityOf(id)}, got {diagnostic.Severity}:{because}");
        Assert.True(path == span.Path, $"expected path {path}, got {span.Path}:{because}");
        Assert.True((line, column) == (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1),
            $"expected location ({line},{column}):{because}");
    }

    /// <summary>Asserts that the message names each fragment: the offending value, the suggestion, the fix.</summary>
    public static void AssertMentions(Diagnostic diagnostic, IEnumerable<string> fragments)
    {
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        foreach (var fragment in fragments)
        {
            Assert.True(message.Contains(fragment, StringComparison.Ordinal),
                $"the message of {diagnostic.Id} should mention \"{fragment}\":{Environment.NewLine}{message}");
        }
    }

    /// <summary>A spec with an error generates nothing; one with only warnings generates code that compiles.</summary>
    public static void AssertGeneration(GeneratorOutcome outcome)
    {
        if (outcome.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Empty(outcome.Sources);
        }
        else
        {
            Assert.Single(outcome.Sources);
            Assert.True(outcome.CompilationProblems.Count == 0, Describe(outcome.CompilationProblems));
        }
    }
}

/// <summary>
/// One spec with exactly one mistake, and what the generator must report for it: the ID, the 1-based line and
/// column of the YAML node, and fragments of the message (the offending value, the suggestion or fix).
/// </summary>
public sealed record DiagnosticCase(string Name, string Id, int Line, int Column, string[] Mentions, string Yaml)
{
    public override string ToString() => Name;
}
