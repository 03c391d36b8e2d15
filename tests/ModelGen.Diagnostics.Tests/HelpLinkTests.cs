using System.Text.RegularExpressions;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Testing;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// Help links lead somewhere or nowhere, never to an invented address: a diagnostic links to its entry in
/// docs/diagnostics.md in the repository the build knows (RepositoryUrl at pack time, else the git remote), and has no
/// link when there is none. The entries the links name exist, once each.
/// </summary>
public sealed partial class HelpLinkTests
{
    private const string CatalogPath = DiagnosticsCatalogLink.RelativePath;

    private static readonly Lazy<string> Root = new(DocumentationTests.RepositoryRoot);

    private static readonly Lazy<string[]> CatalogLines = new(() =>
        File.ReadAllText(Path.Combine(Root.Value, CatalogPath)).Replace("\r\n", "\n").Split('\n'));

    public static TheoryData<string> Ids => new(DiagnosticCatalog.All.Select(d => d.Id));

    [Theory]
    [InlineData("https://github.com/acme/modelgen", "https://github.com/acme/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData("https://github.com/acme/modelgen.git", "https://github.com/acme/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData("https://github.com/acme/modelgen/", "https://github.com/acme/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData(" https://git.example.org:8443/ml/modelgen.git\n", "https://git.example.org:8443/ml/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData("git@github.com:acme/modelgen.git", "https://github.com/acme/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData("ssh://git@github.com/acme/modelgen.git", "https://github.com/acme/modelgen/blob/main/docs/diagnostics.md")]
    [InlineData("/work/main", "")]
    [InlineData("../modelgen", "")]
    [InlineData("file:///srv/git/modelgen.git", "")]
    [InlineData("http://github.com/acme/modelgen", "")]
    [InlineData("https://", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void The_catalog_address_comes_from_a_web_or_ssh_remote_and_nothing_else(string? address, string catalog) =>
        Assert.Equal(catalog, HelpLinks.CatalogFor(address));

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_help_link_is_the_IDs_entry_under_this_checkouts_remote_or_empty(string id)
    {
        var catalog = HelpLinks.CatalogFor(DiagnosticsCatalogLink.GitOrigin(Root.Value));
        var descriptor = DiagnosticCatalog.Get(id);

        if (catalog.Length == 0)
        {
            // No web address known (a checkout without a remote, or cloned from a local path, as CI does).
            Assert.Equal(string.Empty, descriptor.HelpLinkUri);
            return;
        }

        Assert.Equal($"{catalog}#{id.ToLowerInvariant()}", descriptor.HelpLinkUri);
        Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, descriptor.HelpLinkUri);
    }

    [Fact]
    public void The_build_line_ends_with_the_link_in_parentheses_or_with_the_message_when_there_is_none()
    {
        var info = new DiagnosticInfo(DiagnosticIds.DenseNeedsFlatten, "the message", "models/net.model.yaml", new Compiler.Common.SourceSpan(5, 5, 5, 10, 40, 45));

        Assert.Equal("models/net.model.yaml(5,5): error MG0011: the message", info.ToBuildLine(string.Empty));
        Assert.Equal("models/net.model.yaml(5,5): error MG0011: the message (https://github.com/acme/modelgen/blob/main/docs/diagnostics.md#mg0011)",
            info.ToBuildLine("https://github.com/acme/modelgen/blob/main/docs/diagnostics.md#mg0011"));
        Assert.Equal(info.ToBuildLine(DiagnosticCatalog.HelpLink(info.Id)), info.ToBuildLine());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_anchor_occurs_once_right_before_the_IDs_heading(string id)
    {
        var descriptor = DiagnosticCatalog.Get(id);
        var anchor = $"<a id=\"{id.ToLowerInvariant()}\"></a>";
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
    public void A_diagnostic_the_generator_reports_carries_the_catalogs_link()
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
        Assert.Equal(DiagnosticCatalog.HelpLink("MG0011"), diagnostic.Descriptor.HelpLinkUri);
    }

    /// <summary>Any anchor that looks like a diagnostic's, in any case: <c>&lt;a id="mg0011"&gt;</c>, <c>&lt;a id='MG0011'&gt;</c>.</summary>
    [GeneratedRegex("""<a\s+(?:name|id)\s*=\s*["'](?<id>mg\d+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex IdAnchorPattern();
}
