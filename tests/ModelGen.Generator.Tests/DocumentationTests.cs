using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Generator.Tests;

/// <summary>The README documents the language and the diagnostics the code has: no more, no less.</summary>
public class DocumentationTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    [Fact]
    public void Readme_documents_every_name_of_the_spec_language()
    {
        var names = SpecLanguage.RootKeys.Select(k => k.Name)
            .Concat(SpecLanguage.DefaultsKeys.Select(k => k.Name))
            .Concat(SpecLanguage.TrainingKeys.Select(k => k.Name))
            .Concat(SpecLanguage.CallbackSections.Values.SelectMany(keys => keys.Select(k => k.Name)))
            .Concat(Choices.Monitors)
            .Concat(SpecLanguage.Layers.SelectMany(l => l.Keys.Select(k => k.Name).Append(l.Name)))
            .Concat(SpecLanguage.Optimizers.SelectMany(o => o.Keys.Select(k => k.Name).Append(o.Name)))
            .Concat(SpecLanguage.Schedules.SelectMany(s => s.Keys.Select(k => k.Name).Append(s.Name)))
            .Concat(SpecLanguage.Initializers)
            .Concat(SpecLanguage.Losses)
            .Distinct();

        var undocumented = names.Where(name => !Readme.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Readme_catalog_lists_every_diagnostic_with_its_severity_and_a_link_to_its_entry()
    {
        var catalog = Readme[Readme.IndexOf("<!-- diagnostics-catalog:start -->", StringComparison.Ordinal)..Readme.IndexOf("<!-- diagnostics-catalog:end -->", StringComparison.Ordinal)];
        var rows = Regex.Matches(catalog, @"^\| \[(MG\d{4})\]\(docs/diagnostics\.md#([a-z0-9]+)\) \| (error|warning) \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Anchor: m.Groups[2].Value, Severity: m.Groups[3].Value));

        var expected = DiagnosticCatalog.All.ToDictionary(
            d => d.Id, d => (Anchor: d.Id.ToLowerInvariant(), Severity: d.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning"));
        Assert.Equal(expected.OrderBy(e => e.Key), rows.OrderBy(r => r.Key));

        // Every table row is one of those: none hides behind a format the pattern above does not match.
        Assert.Equal(rows.Count, Regex.Matches(catalog, @"^\| \[?MG\d{4}", RegexOptions.Multiline).Count);
    }

    [Fact]
    public void Readme_worked_example_is_the_cifar10_spec_verbatim()
    {
        var spec = File.ReadAllText(Path.Combine(RepositoryRoot(), "models", "cifar10-cnn.model.yaml")).Replace("\r\n", "\n");

        Assert.Contains("```yaml\n" + spec + "```", Readme.Replace("\r\n", "\n"), StringComparison.Ordinal);
    }

    /// <summary>Found from this source file's path, so it works whatever the build's output folder.</summary>
    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ModelGen.sln not found above " + sourceFile);
    }
}
