using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// Hostile specs: the limits that bound the compiler's work (MG0024), and names with characters that must not reach
/// generated code (invisible formatting characters and bidirectional controls, which C# drops from identifiers).
/// </summary>
public sealed class LimitAndNameDiagnosticTests
{
    private const string Tail = "input: [784]\nlayers:\n  - dense: 10\n";

    public static readonly DiagnosticCase[] Cases =
    [
        new("MG0013 zero-width space in the model name", DiagnosticIds.InvalidModelName, 1, 10, ["U+200B at character 3", "invisible formatting character", "('Net')"],
            "model: Ne\u200Bt\n" + Tail),
        new("MG0013 right-to-left override in the model name", DiagnosticIds.InvalidModelName, 1, 12, ["U+202E", "bidirectional-text control"],
            "model: \"Net\u202Eabc\"\n" + Tail),
        new("MG0016 left-to-right isolate in a layer name", DiagnosticIds.InvalidLayerName, 4, 33, ["U+2066", "bidirectional-text control"],
            "model: Net\ninput: [784]\nlayers:\n  - dense: {units: 10, name: out\u2066put}\n"),
        new("MG0018 zero-width joiner in the namespace", DiagnosticIds.InvalidNamespace, 2, 18, ["U+200D", "('My.Models')"],
            "model: Net\nnamespace: My.Mod\u200Dels\n" + Tail),
        new("MG0024 nested aliases expanding past the limit", DiagnosticIds.LimitExceeded, 9, 41, ["more than 100,000 nodes", "aliases"],
            "model: Net\n" + Tail +
            "a: &a [" + Repeat("x", 10) + "]\nb: &b [" + Repeat("*a", 10) + "]\nc: &c [" + Repeat("*b", 10) + "]\nd: &d [" + Repeat("*c", 10) +
            "]\ne: [" + Repeat("*d", 10) + "]\n"),
        new("MG0024 too many alias references", DiagnosticIds.LimitExceeded, 6, 5 + (1000 * 4), ["more than 1,000 aliases"],
            "model: Net\n" + Tail + "a: &a x\nb: [" + Repeat("*a", 1001) + "]\n"),
        new("MG0024 nesting deeper than the limit", DiagnosticIds.LimitExceeded, 5, 35, ["nested more than 32 levels"],
            "model: Net\n" + Tail + "x: " + new string('[', 40) + new string(']', 40) + "\n"),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Reports_the_problem_once_at_its_node(string name)
    {
        var spec = Cases.Single(c => c.Name == name);
        var outcome = SpecRun.Run(spec.Yaml);

        var diagnostic = SpecRun.AssertSingle(outcome, spec.Id, spec.Line, spec.Column);
        SpecRun.AssertMentions(diagnostic, spec.Mentions);
        SpecRun.AssertGeneration(outcome);
    }

    [Fact]
    public void A_spec_longer_than_the_limit_is_refused_without_being_read()
    {
        var text = "model: Net\n" + Tail + "# " + new string('x', SpecLimits.MaxSpecLength) + "\n";

        var outcome = SpecRun.Run(text);

        var diagnostic = SpecRun.AssertSingle(outcome, DiagnosticIds.LimitExceeded, 1, 1);
        SpecRun.AssertMentions(diagnostic, [$"{text.Length:N0} characters", "at most 1,000,000 characters"]);
    }

    [Fact]
    public void After_a_hundred_problems_one_diagnostic_says_there_are_more_and_the_rest_are_dropped()
    {
        var keys = string.Concat(Enumerable.Range(1, 500).Select(i => $"unknown{i}: 1\n"));

        var outcome = SpecRun.Run("model: Net\n" + Tail + keys);

        Assert.Equal(SpecLimits.MaxDiagnostics + 1, outcome.Diagnostics.Count);
        Assert.All(outcome.Diagnostics.Take(SpecLimits.MaxDiagnostics), d => Assert.Equal(DiagnosticIds.UnknownKey, d.Id));
        var last = outcome.Diagnostics[^1];
        SpecRun.AssertAt(last, DiagnosticIds.LimitExceeded, 105, 1);
        SpecRun.AssertMentions(last, ["more than 100 problems", "fix the ones above first"]);
        Assert.Empty(outcome.Sources);
    }

    private static string Repeat(string item, int count) => string.Join(", ", Enumerable.Repeat(item, count));
}
