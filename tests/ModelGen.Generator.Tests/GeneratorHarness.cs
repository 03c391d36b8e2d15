using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator;

namespace ModelGen.Generator.Tests;

/// <summary>Runs the generator in-process over in-memory specs, as the compiler would.</summary>
internal static class GeneratorHarness
{
    public const string RootNamespace = "Test.Models";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Concat(new[] { typeof(TorchSharp.torch).Assembly.Location, typeof(ShapeGuard).Assembly.Location })
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation NewCompilation(string code = "") =>
        CSharpCompilation.Create(
            "TestAssembly",
            code.Length == 0 ? Array.Empty<SyntaxTree>() : new[] { CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver NewDriver(IEnumerable<AdditionalText> specs, string? rootNamespace = RootNamespace) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            specs,
            new CSharpParseOptions(LanguageVersion.Latest),
            new TestOptionsProvider(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over the given specs (path -> text) and compiles its output.</summary>
    public static GeneratorOutcome Run(params (string Path, string Text)[] specs)
    {
        var driver = NewDriver(specs.Select(s => new InMemoryAdditionalText(s.Path, s.Text)));
        driver = driver.RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out var generatorDiagnostics);
        return new GeneratorOutcome(driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static GeneratorOutcome RunFile(string path) => Run((path, File.ReadAllText(path)));
}

internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources).ToList();

    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Errors and warnings of compiling the generated code together with the test compilation.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public Exception? GeneratorException => Result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
}

internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly TestOptions _global;

    public TestOptionsProvider(string? rootNamespace) =>
        _global = new TestOptions(rootNamespace is null
            ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add("build_property.RootNamespace", rootNamespace));

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => TestOptions.Empty;

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(ImmutableDictionary<string, string>.Empty);

        private readonly ImmutableDictionary<string, string> _values;

        public TestOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
