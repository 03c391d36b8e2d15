using System.Text.RegularExpressions;

namespace ModelGen.Compiler.Diagnostics;

/// <summary>
/// Where a diagnostic's help link points: its entry in docs/diagnostics.md in the project's repository, when the build
/// knew the repository's web address. Never an invented address: without one, links are empty and the catalog is
/// read from docs/diagnostics.md in the repository or the package.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The catalog's address for this build (see <see cref="CatalogFor"/>), or empty.</summary>
    public static string Catalog { get; } = CatalogFor(RepositoryLinks.Address);

    /// <summary>
    /// The diagnostics catalog in the repository at <paramref name="address"/>: an https address as given
    /// (<c>https://github.com/org/repo</c>, a trailing <c>.git</c> dropped), or an ssh git remote
    /// (<c>git@github.com:org/repo.git</c>, <c>ssh://git@github.com/org/repo.git</c>) made https. Anything else (a local
    /// path, file://, plain http, nothing) gives empty.
    /// </summary>
    public static string CatalogFor(string? address)
    {
        var text = address?.Trim() ?? string.Empty;
        var ssh = Regex.Match(text, @"^(?:ssh://)?[\w.-]+@(?<host>[\w.-]+)[:/](?<path>[\w./-]+)$");
        var web = ssh.Success ? $"https://{ssh.Groups["host"].Value}/{ssh.Groups["path"].Value}" : text;
        if (!Regex.IsMatch(web, @"^https://[\w.-]+(:\d+)?/[^\s""<>]+$"))
        {
            return string.Empty;
        }

        web = web.TrimEnd('/');
        if (web.EndsWith(".git", StringComparison.Ordinal))
        {
            web = web.Substring(0, web.Length - ".git".Length);
        }

        return web + "/blob/main/docs/diagnostics.md";
    }
}
