using System.Globalization;
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
            // C# accepts formatting characters in identifiers but drops them: they must not reach generated code.
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) && !IsHidden(c) ? c : '_');
        }

        var identifier = builder.ToString();
        return !SyntaxFacts.IsIdentifierStartCharacter(identifier[0]) || SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None
            ? "_" + identifier
            : identifier;
    }

    /// <summary>
    /// The first character of <paramref name="text"/> that a reader cannot see or that changes how text displays: a
    /// formatting character (Unicode category Cf: zero-width spaces and joiners, bidirectional-text controls, ...).
    /// C# drops them from identifiers, so two names that look different would clash, and a right-to-left override makes
    /// code read differently from how it compiles ("Trojan Source"). Null when there is none.
    /// </summary>
    public static HiddenCharacter? FindHidden(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsHidden(text[i]))
            {
                return new HiddenCharacter(i, text[i]);
            }
        }

        return null;
    }

    public static bool IsHidden(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}

/// <summary>An invisible or display-changing character at <paramref name="Index"/> of a name or text.</summary>
internal readonly record struct HiddenCharacter(int Index, char Character)
{
    /// <summary>U+202E.</summary>
    public string CodePoint => "U+" + ((int)Character).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>What the character does, for messages.</summary>
    public string Description => Character is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        ? "a bidirectional-text control, which makes text display in another order than it is read"
        : "an invisible formatting character";
}
