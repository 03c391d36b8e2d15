using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelGen.Compiler.Common;

/// <summary>Turns names that come from outside the spec (the project's RootNamespace) into valid C#.</summary>
internal static class Identifiers
{
    /// <summary>
    /// A valid C# namespace close to <paramref name="name"/>, as MSBuild derives a default namespace from a project
    /// name: in each dot-separated part, characters that cannot appear in an identifier become '_', a part that
    /// starts with a digit or is a keyword gets a leading '_', and empty parts are dropped ("My-App" -> "My_App",
    /// "1st..Try" -> "_1st.Try"). An empty result means the global namespace.
    /// </summary>
    public static string SanitizeNamespace(string? name)
    {
        if (name is null)
        {
            return string.Empty;
        }

        var parts = name.Split('.')
            .Select(part => part.Trim())
            .Where(part => part.Length > 0)
            .Select(SanitizeIdentifier);
        return string.Join(".", parts);
    }

    private static string SanitizeIdentifier(string part)
    {
        var builder = new StringBuilder(part.Length + 1);
        foreach (var c in part)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        var identifier = builder.ToString();
        return !SyntaxFacts.IsIdentifierStartCharacter(identifier[0]) || SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None
            ? "_" + identifier
            : identifier;
    }
}
