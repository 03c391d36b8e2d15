using System.Text.RegularExpressions;
using ModelGen.Generator.Diagnostics;
using ModelGen.Testing;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// Every diagnostic links to its entry in docs/diagnostics.md (IDEs show the link on the ID, SARIF logs carry it as
/// helpUri): the link is built from RepositoryUrl in Directory.Build.props, and the entry it names exists.
/// </summary>
public sealed partial class HelpLinkTests
{
    private const string CatalogPath = DiagnosticsCatalogLink.RelativePath;

    private static readonly Lazy<string> Root = new(DocumentationTests.RepositoryRoot);

    private static readonly Lazy<string[]> CatalogLines = new(() =>
        File.ReadAllText(Path.Combine(Root.Value, CatalogPath)).Replace("\r\n", "\n").Split('\n'));

    public static TheoryData<string> Ids => new(DiagnosticCatalog.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_help_link_is_the_IDs_entry_in_the_catalog_under_RepositoryUrl(string id)
    {
        var descriptor = DiagnosticCatalog.Get(id);

        Assert.Equal(DiagnosticsCatalogLink.For(Root.Value, id), descriptor.HelpLinkUri);
        Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var uri), $"{id}: '{descriptor.HelpLinkUri}' is not an absolute URI");
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.Equal("#" + id.ToLowerInvariant(), uri.Fragment);
    }

    [Fact]
    public void The_linked_catalog_exists_in_the_repository()
    {
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            // https://host/owner/name/blob/main/<path in the repository>#fragment
            var path = new Uri(descriptor.HelpLinkUri).AbsolutePath;
            const string Branch = "/blob/main/";
            Assert.Contains(Branch, path, StringComparison.Ordinal);
            Assert.Equal(CatalogPath, path[(path.IndexOf(Branch, StringComparison.Ordinal) + Branch.Length)..]);
        }

        Assert.True(File.Exists(Path.Combine(Root.Value, CatalogPath)), $"{CatalogPath} is missing from {Root.Value}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_anchor_occurs_once_right_before_the_IDs_heading(string id)
    {
        var descriptor = DiagnosticCatalog.Get(id);
        var fragment = new Uri(descriptor.HelpLinkUri).Fragment.TrimStart('#');
        var anchor = $"<a id=\"{fragment}\"></a>";
        var lines = CatalogLines.Value;

        var at = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim() == anchor).ToList();
        Assert.True(at.Count == 1, $"{CatalogPath} has '{anchor}' {at.Count} times; it needs it exactly once");
        var next = lines.Skip(at[0] + 1).FirstOrDefault(line => line.Trim().Length > 0);
        Assert.Equal($"## {descriptor.Id}: {descriptor.Title}", next);
    }

    [Fact]
    public void The_catalog_has_no_anchor_for_an_ID_that_does_not_exist()
    {
        var known = DiagnosticCatalog.All.Select(d => d.Id.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var anchors = CatalogLines.Value.SelectMany(line => IdAnchorPattern().Matches(line)).Select(m => m.Groups["id"].Value).ToList();

        Assert.NotEmpty(anchors);
        Assert.DoesNotContain(anchors, anchor => !known.Contains(anchor));
    }

    [Fact]
    public void A_diagnostic_the_generator_reports_carries_the_help_link()
    {
        // dense fed the 3-D output of conv2d: MG0011 at the dense layer.
        var outcome = SpecRun.Run(
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 8, kernel: 3}
              - dense: 10
            """);

        var diagnostic = SpecRun.AssertSingle(outcome, DiagnosticIds.DenseNeedsFlatten, 5, 5);
        Assert.Equal(DiagnosticsCatalogLink.For(Root.Value, "MG0011"), diagnostic.Descriptor.HelpLinkUri);
    }

    /// <summary>Any anchor that looks like a diagnostic's, in any case: <c>&lt;a id="mg0011"&gt;</c>, <c>&lt;a id='MG0011'&gt;</c>.</summary>
    [GeneratedRegex("""<a\s+(?:name|id)\s*=\s*["'](?<id>mg\d+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex IdAnchorPattern();
}
