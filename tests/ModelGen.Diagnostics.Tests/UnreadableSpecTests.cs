using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Generator.Tests;

namespace ModelGen.Diagnostics.Tests;

/// <summary>A spec the build lists but cannot read is reported as unreadable (MG0023), not as an empty spec.</summary>
public sealed class UnreadableSpecTests
{
    [Fact]
    public void A_spec_without_text_is_reported_as_unreadable_at_its_start()
    {
        var driver = GeneratorHarness.NewDriver([new UnreadableText("models/gone.model.yaml")]);

        var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(
            "models/gone.model.yaml(1,1): error MG0023: the spec file could not be read (it is missing, or not readable by the build); " +
            "check that the file exists and that its permissions allow reading it",
            SpecRun.BuildLine(diagnostic));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Empty(result.Results.SelectMany(r => r.GeneratedSources));
        Assert.DoesNotContain("empty", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_spec_does_not_stop_the_others()
    {
        var driver = GeneratorHarness.NewDriver([
            new UnreadableText("models/gone.model.yaml"),
            new InMemoryAdditionalText("models/net.model.yaml", "model: Net\ninput: [4]\nlayers:\n  - dense: 2\n"),
        ]);

        var result = driver.RunGenerators(GeneratorHarness.NewCompilation()).GetRunResult();

        Assert.Equal(DiagnosticIds.UnreadableSpec, Assert.Single(result.Diagnostics).Id);
        Assert.Single(result.Results.SelectMany(r => r.GeneratedSources));
    }

    /// <summary>What Roslyn hands a generator for a file it could not read: no text.</summary>
    private sealed class UnreadableText(string path) : AdditionalText
    {
        public override string Path => path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
    }
}
