using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Language;

/// <summary>"Did you mean" hints: known synonyms from Keras/PyTorch first, then the closest spelling.</summary>
internal static class Suggestions
{
    public static string DidYouMean(string given, IEnumerable<string> candidates)
    {
        var options = candidates.ToList();
        var best = Nearest(given, options);
        return best is null ? $"; expected one of: {string.Join(", ", options)}" : $"; did you mean '{best}'?";
    }

    public static string? Nearest(string given, IReadOnlyCollection<string> candidates)
    {
        var normalized = given.Trim().ToLowerInvariant();
        if (SpecLanguage.Synonyms.TryGetValue(normalized, out var synonym) && candidates.Contains(synonym))
        {
            return synonym;
        }

        var squashed = normalized.Replace("_", string.Empty).Replace("-", string.Empty);
        if (SpecLanguage.Synonyms.TryGetValue(squashed, out synonym) && candidates.Contains(synonym))
        {
            return synonym;
        }

        var match = candidates.FirstOrDefault(c => c.Replace("_", string.Empty) == squashed);
        if (match is not null)
        {
            return match;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Only suggest when the spelling is close: at most a third of the letters differ.
        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
