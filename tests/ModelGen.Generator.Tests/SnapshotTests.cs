using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Tests;

/// <summary>Pins the generated code of every spec in models/ (together they use every layer type and option).</summary>
public class SnapshotTests
{
    public static TheoryData<string> Specs => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models"), "*.model.yaml")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Generated_code_matches_snapshot_and_compiles_without_warnings(string specFile)
    {
        var outcome = GeneratorHarness.RunFile(Path.Combine(AppContext.BaseDirectory, "Models", specFile));

        Assert.Null(outcome.GeneratorException);
        Assert.Empty(outcome.Diagnostics);
        var source = Assert.Single(outcome.Sources);
        Assert.Empty(outcome.CompilationProblems);
        Snapshot.Verify(specFile.Replace(".model.yaml", string.Empty), source.SourceText.ToString());
    }

    [Fact]
    public void Every_layer_type_is_covered_by_a_snapshot_spec()
    {
        var specs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models"), "*.model.yaml")
            .Select(File.ReadAllText)
            .ToList();
        var missing = Compiler.Language.SpecLanguage.Layers
            .Select(layer => layer.Name)
            .Where(type => !specs.Any(spec => System.Text.RegularExpressions.Regex.IsMatch(spec, $@"-\s*\{{?\s*{type}\b|activation:\s*\{{?\s*{type}\b")))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Hint_name_is_the_model_full_name()
    {
        var outcome = GeneratorHarness.RunFile(Path.Combine(AppContext.BaseDirectory, "Models", "cifar10-cnn.model.yaml"));

        Assert.Equal("ModelGen.Samples.Cifar10.Cifar10Cnn.g.cs", Assert.Single(outcome.Sources).HintName);
    }

    [Fact]
    public void Spec_without_namespace_uses_the_project_root_namespace()
    {
        var outcome = GeneratorHarness.RunFile(Path.Combine(AppContext.BaseDirectory, "Models", "tiny-classifier.model.yaml"));

        var type = outcome.Compilation.GetTypeByMetadataName($"{GeneratorHarness.RootNamespace}.TinyClassifier");
        Assert.NotNull(type);
        Assert.Equal(Accessibility.Public, type!.DeclaredAccessibility);
        Assert.True(type.IsSealed);
    }
}
