using System.Xml.Linq;

namespace ModelGen.Testing;

/// <summary>
/// The address every MG diagnostic's help link starts with, as the tests expect it: RepositoryUrl from
/// Directory.Build.props (the one place it is written), then the path of the catalog on the main branch.
/// </summary>
public static class DiagnosticsCatalogLink
{
    public const string RelativePath = "docs/diagnostics.md";

    /// <summary><c>&lt;RepositoryUrl&gt;/blob/main/docs/diagnostics.md</c> for the repository at <paramref name="repositoryRoot"/>.</summary>
    public static string For(string repositoryRoot)
    {
        var props = Path.Combine(repositoryRoot, "Directory.Build.props");
        var url = XDocument.Load(props).Descendants("RepositoryUrl").Single().Value.Trim().TrimEnd('/');
        if (url.Length == 0)
        {
            throw new InvalidOperationException($"{props} sets an empty RepositoryUrl");
        }

        return $"{url}/blob/main/{RelativePath}";
    }

    /// <summary>The help link of diagnostic <paramref name="id"/>: the catalog and the lower-case ID as its anchor.</summary>
    public static string For(string repositoryRoot, string id) => $"{For(repositoryRoot)}#{id.ToLowerInvariant()}";
}
