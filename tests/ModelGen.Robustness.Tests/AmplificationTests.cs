using System.Text;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Parsing.Yaml;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// The compiler's work on any spec is bounded, counted in work rather than time: the YAML tree it walks, aliases
/// expanded, never exceeds <see cref="SpecLimits.MaxExpandedNodes"/>, and no spec yields more than
/// <see cref="SpecLimits.MaxDiagnostics"/> diagnostics plus the one that says so. A generated family of amplification
/// specs (nested aliases of every depth and width, placed where each step of the compiler reads them) checks both.
/// </summary>
public sealed class AmplificationTests
{
    public static TheoryData<int, int, string> Family()
    {
        var data = new TheoryData<int, int, string>();
        foreach (var levels in new[] { 2, 3, 4, 5, 7 })
        {
            foreach (var width in new[] { 2, 5, 10, 30 })
            {
                foreach (var place in new[] { "layers", "unknown key", "layer settings", "input" })
                {
                    data.Add(levels, width, place);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Family))]
    public void Nested_aliases_never_make_more_work_than_the_limits(int levels, int width, string place)
    {
        var text = Bomb(levels, width, place);

        var diagnostics = new DiagnosticBag("bomb.model.yaml");
        var tree = YamlTreeReader.Read(text, diagnostics);
        var compilation = ModelCompiler.Compile("bomb.model.yaml", text, "Test");

        if (tree is null)
        {
            Assert.Contains(diagnostics.Items, d => d.Id is DiagnosticIds.LimitExceeded or DiagnosticIds.YamlSyntax);
        }
        else
        {
            Assert.InRange(tree.ExpandedSize, 1, SpecLimits.MaxExpandedNodes);
        }

        Assert.InRange(compilation.Diagnostics.Count, 1, SpecLimits.MaxDiagnostics + 1);
    }

    [Fact]
    public void A_thousand_broken_layers_through_one_alias_give_a_hundred_diagnostics_and_one_that_says_so()
    {
        // What the issue found: a few kilobytes whose aliases repeat a broken layer, one diagnostic per copy.
        var text = "model: M\ninput: [3, 8, 8]\nbad: &bad {conv2: {filters: 4}}\nlayers: [" + string.Join(", ", Enumerable.Repeat("*bad", 1000)) + "]\n";

        var compilation = ModelCompiler.Compile("bomb.model.yaml", text, "Test");

        Assert.Equal(SpecLimits.MaxDiagnostics + 1, compilation.Diagnostics.Count);
        Assert.Equal(DiagnosticIds.LimitExceeded, compilation.Diagnostics[^1].Id);
        Assert.True(text.Length < 7_000);
    }

    [Fact]
    public void The_largest_network_the_limits_allow_compiles()
    {
        // A valid 1,000-layer network whose layers all alias one fully written conv2d block.
        var text = "model: M\ninput: [4, 8, 8]\nlayers: [&c {conv2d: {filters: 4, kernel: 1, stride: 1, padding: valid, dilation: 1, bias: true, " +
            "activation: relu, weight_init: he_uniform, bias_init: zeros}}, " + string.Join(", ", Enumerable.Repeat("*c", 998)) + ", flatten]\n";
        var diagnostics = new DiagnosticBag("big.model.yaml");

        var tree = YamlTreeReader.Read(text, diagnostics);
        var compilation = ModelCompiler.Compile("big.model.yaml", text, "Test");

        Assert.InRange(tree!.ExpandedSize, 20_000, SpecLimits.MaxExpandedNodes);
        Assert.True(compilation.Model is not null, string.Join("\n", compilation.Diagnostics));
        Assert.Equal(1000, compilation.Model.Layers.Count);
    }

    [Fact]
    public void A_tree_just_under_the_expanded_limit_is_read_and_fails_with_one_diagnostic_per_unknown_key()
    {
        // 7 copies of 11,111 nodes under one unknown key: about 90,000 nodes once expanded, from under 400 characters.
        var text = Bomb(4, 10, "unknown key").Replace("extra: *b3", "extra: [*b3, *b3, *b3, *b3, *b3, *b3, *b3]", StringComparison.Ordinal);
        var diagnostics = new DiagnosticBag("big.model.yaml");

        var tree = YamlTreeReader.Read(text, diagnostics);
        var compilation = ModelCompiler.Compile("big.model.yaml", text, "Test");

        Assert.InRange(tree!.ExpandedSize, 80_000, SpecLimits.MaxExpandedNodes);
        Assert.Equal(5, compilation.Diagnostics.Count);   // b0..b3 and extra: the parser does not walk an unknown key's value
        Assert.All(compilation.Diagnostics, d => Assert.Equal(DiagnosticIds.UnknownKey, d.Id));
    }

    /// <summary>level0 holds <paramref name="width"/> scalars; each next level, <paramref name="width"/> aliases of the last.</summary>
    private static string Bomb(int levels, int width, string place)
    {
        var text = new StringBuilder();
        text.Append("b0: &b0 [").Append(string.Join(", ", Enumerable.Repeat("x", width))).Append("]\n");
        for (var level = 1; level < levels; level++)
        {
            text.Append($"b{level}: &b{level} [").Append(string.Join(", ", Enumerable.Repeat($"*b{level - 1}", width))).Append("]\n");
        }

        var top = $"*b{levels - 1}";
        return place switch
        {
            "layers" => text + $"model: M\ninput: [3, 8, 8]\nlayers: {top}\n",
            "unknown key" => text + $"model: M\ninput: [3, 8, 8]\nlayers: [flatten]\nextra: {top}\n",
            "layer settings" => text + $"model: M\ninput: [3, 8, 8]\nlayers: [{{conv2d: {top}}}, {{dense: {{units: {top}}}}}]\n",
            _ => text + $"model: M\ninput: {top}\nlayers: [flatten]\n",
        };
    }
}
