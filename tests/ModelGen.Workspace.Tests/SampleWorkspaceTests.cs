using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Testing;
using Xunit;

namespace ModelGen.Workspace.Tests;

/// <summary>
/// IDE language services load projects with MSBuildWorkspace and run their generators. This test does the same
/// with the sample: the generator and the spec are wired in, and a broken spec yields MG diagnostics located in
/// the YAML file.
/// </summary>
public class SampleWorkspaceTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [ModuleInitializer]
    internal static void RegisterMSBuild()
    {
        // Must run before any MSBuild type is loaded.
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }

    [Fact]
    public async Task Loaded_sample_reports_MG_diagnostics_for_a_broken_spec_at_the_yaml_line()
    {
        using var workspace = CreateWorkspace();
        var project = await workspace.OpenProjectAsync(Path.Combine(RepositoryRoot(), "samples", "Cifar10", "Cifar10.csproj"));
        var spec = Assert.Single(project.AdditionalDocuments, d => d.FilePath!.EndsWith("cifar10-cnn.model.yaml", StringComparison.Ordinal));

        // As loaded: the generator runs and the class exists.
        var compilation = (await project.GetCompilationAsync())!;
        Assert.True(compilation.GetTypeByMetadataName("ModelGen.Samples.Cifar10.Cifar10Cnn") is not null,
            "Cifar10Cnn was not generated. Analyzers: " + string.Join(", ", project.AnalyzerReferences.Select(r => r.FullPath)) +
            "; workspace: " + string.Join(" | ", workspace.Diagnostics.Select(d => d.Message)) +
            "; generator: " + string.Join(" | ", RunGenerators(project, compilation).Select(d => d.GetMessage())));
        Assert.DoesNotContain(RunGenerators(project, compilation), d => d.Id.StartsWith("MG", StringComparison.Ordinal));

        // An edit in the editor (in memory, nothing on disk changes): remove the flatten layer.
        var text = (await spec.GetTextAsync()).ToString();
        var broken = text.Replace("  - flatten\n", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(text, broken);
        var edited = workspace.CurrentSolution.WithAdditionalDocumentText(spec.Id, SourceText.From(broken)).GetProject(project.Id)!;

        var diagnostics = RunGenerators(edited, (await edited.GetCompilationAsync())!);

        var error = Assert.Single(diagnostics, d => d.Id == "MG0011");
        var location = error.Location.GetLineSpan();
        Assert.Equal(spec.FilePath, location.Path);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(22, location.StartLinePosition.Line + 1);
        Assert.Equal(5, location.StartLinePosition.Character + 1);
        Assert.Contains("insert flatten", error.GetMessage(), StringComparison.Ordinal);

        // What the IDE links the ID to ("Show help"): the diagnostic's entry in the catalog of this checkout's remote, or
        // nothing for a checkout without one (see HelpLinkTests for the rule).
        if (DiagnosticsCatalogLink.GitOrigin(RepositoryRoot()).StartsWith("https://", StringComparison.Ordinal))
        {
            Assert.EndsWith("docs/diagnostics.md#mg0011", error.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
        else if (DiagnosticsCatalogLink.GitOrigin(RepositoryRoot()).Length == 0)
        {
            Assert.Equal(string.Empty, error.Descriptor.HelpLinkUri);
        }
    }

    /// <summary>
    /// The repository address behind the help links is written into RepositoryLinks.g.cs by a target of the compiler
    /// project: loaded as an IDE loads it (a design-time build), the project compiles that file too, with the address
    /// the build found (here the git remote, as no RepositoryUrl is given).
    /// </summary>
    [Fact]
    public async Task Loaded_compiler_project_compiles_the_repository_links_from_the_git_remote()
    {
        using var workspace = CreateWorkspace();
        var project = await workspace.OpenProjectAsync(Path.Combine(RepositoryRoot(), "generators", "ModelGen.Compiler", "ModelGen.Compiler.csproj"));

        Assert.Contains(project.Documents, d => Path.GetFileName(d.FilePath) == "RepositoryLinks.g.cs");
        var compilation = (await project.GetCompilationAsync())!;
        var links = compilation.GetTypeByMetadataName("ModelGen.Compiler.Diagnostics.RepositoryLinks");
        Assert.True(links is not null, "RepositoryLinks is not in the design-time compilation; workspace: " +
            string.Join(" | ", workspace.Diagnostics.Select(d => d.Message)));
        var address = Assert.IsAssignableFrom<IFieldSymbol>(Assert.Single(links.GetMembers("Address")));
        Assert.Equal(DiagnosticsCatalogLink.GitOrigin(RepositoryRoot()), address.ConstantValue);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>
    /// A workspace that loads projects with this build's configuration and, when the tests were built with
    /// --artifacts-path, the same artifacts folder: the analyzer it loads is then the generator just built, not
    /// whatever an earlier build left in the default bin folder.
    /// </summary>
    private static MSBuildWorkspace CreateWorkspace()
    {
        var properties = new Dictionary<string, string> { ["Configuration"] = Configuration };
        var artifactsPath = typeof(SampleWorkspaceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ArtifactsPath")?.Value;
        if (!string.IsNullOrEmpty(artifactsPath))
        {
            properties["ArtifactsPath"] = artifactsPath;
        }

        return MSBuildWorkspace.Create(properties);
    }

    /// <summary>Runs the project's source generators with its additional files and options, as the IDE does.</summary>
    private static IReadOnlyList<Diagnostic> RunGenerators(Project project, Compilation compilation)
    {
        var generators = project.AnalyzerReferences.SelectMany(reference => reference.GetGenerators(LanguageNames.CSharp)).ToList();
        Assert.Contains(generators, g => g.GetGeneratorType().FullName == "ModelGen.Generator.ModelGenerator");
        var driver = CSharpGeneratorDriver.Create(
            generators,
            project.AnalyzerOptions.AdditionalFiles,
            (CSharpParseOptions)project.ParseOptions!,
            project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        return driver.RunGenerators(compilation).GetRunResult().Diagnostics;
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ModelGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ModelGen.sln not found above " + sourceFile);
    }
}
