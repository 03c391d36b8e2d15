using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// Keeps docs/diagnostics.md in step with <see cref="DiagnosticCatalog"/>: one section per ID with the catalogue's
/// title and severity, no IDs that do not exist, and examples whose build output is exactly what the generator
/// prints for them today.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly Lazy<string> DocPath = new(() => Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));

    private static readonly Lazy<IReadOnlyList<DocSection>> Sections = new(() => ParseSections(File.ReadAllText(DocPath.Value)));

    [Fact]
    public void Every_catalogued_diagnostic_has_a_section()
    {
        var documented = Sections.Value.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var missing = DiagnosticCatalog.All.Select(d => d.Id).Where(id => !documented.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{DocPath.Value} has no '## MGxxxx: title' section for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Each_ID_has_exactly_one_section()
    {
        var repeated = Sections.Value.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"sections appear more than once: {string.Join(", ", repeated)}");
    }

    [Fact]
    public void The_document_names_only_IDs_that_exist()
    {
        var known = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = IdPattern().Matches(File.ReadAllText(DocPath.Value)).Select(m => m.Value)
            .Where(id => !known.Contains(id)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"{DocPath.Value} names IDs that are not in DiagnosticCatalog.All: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Each_section_has_the_catalogued_title_severity_and_a_stable_anchor()
    {
        foreach (var section in Sections.Value)
        {
            var descriptor = DiagnosticCatalog.All.Single(d => d.Id == section.Id);
            Assert.Equal(descriptor.Title.ToString(), section.Title);
            var severity = descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning";
            Assert.True(severity == section.Severity, $"{section.Id}: the doc says severity '{section.Severity}', the catalogue '{severity}'");
            Assert.True(section.HasAnchor, $"{section.Id}: put <a id=\"{section.Id.ToLowerInvariant()}\"></a> right before its heading");
        }
    }

    [Fact]
    public void The_index_lists_every_diagnostic_with_its_severity_and_title()
    {
        var rows = File.ReadAllLines(DocPath.Value).Select(l => IndexRowPattern().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(DiagnosticCatalog.All.Select(d => d.Id), rows.Select(r => r.Groups["id"].Value));
        foreach (var row in rows)
        {
            var descriptor = DiagnosticCatalog.Get(row.Groups["id"].Value);
            Assert.Equal(descriptor.Id.ToLowerInvariant(), row.Groups["anchor"].Value);
            Assert.Equal(descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning", row.Groups["severity"].Value);
            Assert.Equal(descriptor.Title.ToString(), row.Groups["title"].Value);
        }
    }

    public static TheoryData<string> DocumentedIds => new(DiagnosticCatalog.All.Select(d => d.Id));

    /// <summary>The example of each section, run through the generator, prints exactly the lines the section shows.</summary>
    [Theory]
    [MemberData(nameof(DocumentedIds))]
    public void The_example_produces_the_documented_build_output(string id)
    {
        var section = Sections.Value.FirstOrDefault(s => s.Id == id);
        Assert.True(section is not null, $"{DocPath.Value} has no section for {id}");
        if (id is DiagnosticIds.InternalError or DiagnosticIds.UnreadableSpec)
        {
            // No spec is known to make ModelGen fail, and an unreadable file has no text to show: no example to run
            // (UnreadableSpecTests checks MG0023's line).
            Assert.Empty(section.Examples);
            return;
        }

        Assert.True(section.Examples.Count > 0, $"{id}: add a ```yaml example whose first line is '# path/to/file.model.yaml'");
        Assert.True(section.Output.Count > 0, $"{id}: add a ```text block with the build output of the example");
        var outcome = SpecRun.Run(section.Examples.ToArray());
        Assert.Null(outcome.GeneratorException);
        var actual = outcome.Diagnostics.Select(SpecRun.BuildLine).Order(StringComparer.Ordinal).ToList();
        var documented = section.Output.Order(StringComparer.Ordinal).ToList();
        Assert.True(documented.SequenceEqual(actual),
            $"{id}: the doc shows{Environment.NewLine}{string.Join(Environment.NewLine, documented)}{Environment.NewLine}" +
            $"but the example produces{Environment.NewLine}{string.Join(Environment.NewLine, actual)}");
        Assert.Contains(outcome.Diagnostics, d => d.Id == id);
    }

    private sealed record DocSection(string Id, string Title, string Severity, bool HasAnchor,
        IReadOnlyList<(string Path, string Yaml)> Examples, IReadOnlyList<string> Output);

    private static IReadOnlyList<DocSection> ParseSections(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var sections = new List<DocSection>();
        for (var i = 0; i < lines.Length; i++)
        {
            var heading = HeadingPattern().Match(lines[i]);
            if (!heading.Success)
            {
                continue;
            }

            var id = heading.Groups["id"].Value;
            var hasAnchor = i > 0 && lines[i - 1].Trim() == $"<a id=\"{id.ToLowerInvariant()}\"></a>";
            var end = i + 1;
            while (end < lines.Length && !lines[end].StartsWith("## ", StringComparison.Ordinal))
            {
                end++;
            }

            var severity = string.Empty;
            var examples = new List<(string, string)>();
            var output = new List<string>();
            for (var j = i + 1; j < end; j++)
            {
                var severityMatch = SeverityPattern().Match(lines[j]);
                if (severityMatch.Success)
                {
                    severity = severityMatch.Groups["severity"].Value;
                }
                else if (lines[j] is "```yaml" or "```text")
                {
                    var fence = lines[j];
                    var body = new List<string>();
                    for (j++; j < end && lines[j] != "```"; j++)
                    {
                        body.Add(lines[j]);
                    }

                    if (fence == "```yaml")
                    {
                        Assert.True(body.Count > 0 && body[0].StartsWith("# ", StringComparison.Ordinal),
                            $"{id}: a yaml example starts with a comment naming its file, e.g. '# models/net.model.yaml'");
                        examples.Add((body[0].Substring(2).Trim(), string.Join("\n", body) + "\n"));
                    }
                    else
                    {
                        output.AddRange(body.Where(l => l.Length > 0));
                    }
                }
            }

            sections.Add(new DocSection(id, heading.Groups["title"].Value, severity, hasAnchor, examples, output));
            i = end - 1;
        }

        return sections;
    }

    /// <summary>
    /// The folder with ModelGen.sln or the shared Directory.Build.props: above the test's output folder, or, when the
    /// build output lives elsewhere (--artifacts-path), above the project folder recorded at build time.
    /// </summary>
    internal static string RepositoryRoot()
    {
        var projectDirectory = typeof(DocumentationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        var starts = new[] { AppContext.BaseDirectory, projectDirectory }.Where(s => !string.IsNullOrEmpty(s)).ToList();
        foreach (var start in starts)
        {
            for (var directory = new DirectoryInfo(start!); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")) ||
                    File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no folder above {string.Join(" or ", starts)} holds ModelGen.sln or Directory.Build.props");
    }

    [GeneratedRegex(@"^## (?<id>MG\d{4}): (?<title>.+)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\*\*Severity:\*\* (?<severity>error|warning)\b")]
    private static partial Regex SeverityPattern();

    [GeneratedRegex(@"^\| \[(?<id>MG\d{4})\]\(#(?<anchor>[a-z0-9]+)\) \| (?<severity>\w+) \| (?<title>.+?) \|$")]
    private static partial Regex IndexRowPattern();

    [GeneratedRegex(@"\bMG\d{4}\b")]
    private static partial Regex IdPattern();
}
