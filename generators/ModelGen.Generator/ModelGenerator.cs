using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Generator;

/// <summary>
/// Compiles every <c>*.model.yaml</c> AdditionalFiles item into a TorchSharp module class with
/// <see cref="ModelCompiler"/>. Each file is compiled on its own, so editing one spec re-runs only that spec's steps;
/// only model names cross files (duplicates, hint names).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && value is not null ? value : string.Empty)
            .WithTrackingName(TrackingNames.RootNamespace);

        // A file that cannot be read has no text (null), which the compiler reports as unreadable, not as empty.
        var specs = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(ModelCompiler.SpecExtension, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => new SpecFile(file.Path, file.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(TrackingNames.SpecFiles);

        var compiled = specs
            .Combine(rootNamespace)
            .Select(static (input, cancellationToken) => ModelCompiler.Compile(input.Left.Path, input.Left.Text, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Compiled);

        // Only the model names cross files, so an edit elsewhere leaves this value, and every other model's output, unchanged.
        var nameClashes = compiled
            .Select(static (result, _) => result.Identity?.FullName ?? string.Empty)
            .Collect()
            .Select(static (names, _) => NameClashes.From(names))
            .WithTrackingName(TrackingNames.DuplicateNames);

        var outputs = compiled
            .Combine(nameClashes)
            .Select(static (input, _) => GeneratedModel.From(ModelCompiler.Complete(input.Left, input.Right), input.Right))
            .WithTrackingName(TrackingNames.Outputs);

        context.RegisterSourceOutput(outputs, static (context, output) =>
        {
            foreach (var diagnostic in output.Diagnostics)
            {
                context.ReportDiagnostic(DiagnosticReporter.ToDiagnostic(diagnostic));
            }

            if (output.Source is null)
            {
                return;
            }

            try
            {
                context.AddSource(output.HintName, output.Source);
            }
            catch (ArgumentException exception)
            {
                // Hint names are unique by construction (see GeneratedModel.MakeHintName), so this is a bug; report it on
                // the spec rather than fail the whole generator. A clash *between* specs would throw after this callback,
                // where it cannot be caught, which is why uniqueness must hold by construction.
                context.ReportDiagnostic(DiagnosticReporter.ToDiagnostic(new DiagnosticInfo(DiagnosticIds.InternalError,
                    $"ModelGen could not add the generated file '{output.HintName}' ({exception.Message}); please report it with the spec attached",
                    output.FilePath, SourceSpan.FileStart)));
            }
        });
    }

    private sealed record SpecFile(string Path, string? Text);
}

/// <summary>Names of the pipeline steps, for tests that check caching.</summary>
public static class TrackingNames
{
    public const string RootNamespace = nameof(RootNamespace);
    public const string SpecFiles = nameof(SpecFiles);
    public const string Compiled = nameof(Compiled);
    public const string DuplicateNames = nameof(DuplicateNames);
    public const string Outputs = nameof(Outputs);
}

/// <summary>What the generator adds for one spec: a source file (unless there are errors) and diagnostics.</summary>
internal sealed record GeneratedModel(string FilePath, string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static GeneratedModel From(CompiledSpec spec, NameClashes clashes) =>
        new(spec.FilePath, MakeHintName(spec.Model is null ? null : FullName(spec.Model), clashes), spec.Source, spec.Diagnostics);

    private static string FullName(Compiler.Model.ModelDefinition model) =>
        model.Namespace.Length == 0 ? model.Name : model.Namespace + "." + model.Name;

    /// <summary>
    /// The model's full name: unique, because specs that share a model name generate nothing (MG0014), and stable
    /// across machines, unlike anything derived from the spec's absolute path. Names that differ from another only in
    /// case get their rank among those variants (a segment no identifier can be), as Roslyn, and file systems, compare
    /// hint names ignoring case.
    /// </summary>
    private static string MakeHintName(string? fullName, NameClashes clashes)
    {
        if (fullName is null)
        {
            return string.Empty;
        }

        var variants = clashes.CaseVariants.Where(n => string.Equals(n, fullName, StringComparison.OrdinalIgnoreCase)).ToList();
        var rank = variants.IndexOf(fullName);
        return rank < 0 ? fullName + ".g.cs" : $"{fullName}.{rank + 1}.g.cs";
    }
}
