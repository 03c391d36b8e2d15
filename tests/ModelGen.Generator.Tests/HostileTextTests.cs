namespace ModelGen.Generator.Tests;

/// <summary>
/// Text from the spec that reaches the generated file (the description, the file name) cannot end a comment, inject
/// XML, or carry invisible and reordering characters into the code ("Trojan Source").
/// </summary>
public sealed class HostileTextTests
{
    private const string Layers = "input: [4]\nlayers:\n  - dense: 2\n";

    [Fact]
    public void A_description_with_comment_and_xml_breakers_stays_inside_one_doc_line()
    {
        var description = "ends */ and </summary><code>x</code> & next\\r\\nline\\u2028sep\\u0085nel\\rcr\\u202Eevil\\u200Bzero";
        var outcome = GeneratorHarness.Run(("models/net.model.yaml", $"model: Net\ndescription: \"{description}\"\n{Layers}"));

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompilationProblems);
        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        Assert.Contains(
            "/// ends */ and &lt;/summary&gt;&lt;code&gt;x&lt;/code&gt; &amp; next line sep nel cr[U+202E]evil[U+200B]zero",
            source, StringComparison.Ordinal);
        AssertNoHiddenCharacters(source);
    }

    [Fact]
    public void A_file_name_with_a_line_break_or_a_right_to_left_override_is_cleaned_in_comments()
    {
        var outcome = GeneratorHarness.Run(("models/ev\u202Eil\nname.model.yaml", "model: Net\n" + Layers));

        Assert.Empty(outcome.CompilationProblems);
        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        Assert.Contains("from ev_il_name.model.yaml. Edit the spec", source, StringComparison.Ordinal);
        AssertNoHiddenCharacters(source);
    }

    private static void AssertNoHiddenCharacters(string source)
    {
        var hidden = source.Where(c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format || c is '\u2028' or '\u2029' or '\u0085').ToList();
        Assert.True(hidden.Count == 0, "the generated file holds " + string.Join(", ", hidden.Select(c => $"U+{(int)c:X4}")));
    }
}
