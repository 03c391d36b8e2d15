using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;

namespace ModelGen.Generator;

/// <summary>
/// Compiles every <c>*.model.yaml</c> AdditionalFiles item into a TorchSharp module class. Each file is
/// parsed, checked and shape-inferred on its own, so editing one spec re-runs only that spec's steps.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    public const string SpecExtension = ".model.yaml";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) =>
                options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && value is not null ? value : string.Empty)
            .WithTrackingName(TrackingNames.RootNamespace);

        var specs = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(SpecExtension, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => new SpecFile(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.SpecFiles);

        var compiled = specs
            .Combine(rootNamespace)
            .Select(static (input, _) => ModelCompiler.Compile(input.Left.Path, input.Left.Text, input.Right))
            .WithTrackingName(TrackingNames.Compiled);

        // Only the model names cross files (for duplicates and hint names), so an edit elsewhere leaves this value,
        // and every other model's output, unchanged.
        var duplicateNames = compiled
            .Select(static (result, _) => result.Identity?.FullName ?? string.Empty)
            .Collect()
            .Select(static (names, _) => NameClashes.From(names))
            .WithTrackingName(TrackingNames.DuplicateNames);

        var outputs = compiled
            .Combine(duplicateNames)
            .Select(static (input, _) => GeneratedModel.From(input.Left, input.Right))
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

    private sealed record SpecFile(string Path, string Text);
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

/// <summary>
/// The model names that more than one spec declares, and those that differ from another spec's only in case. Roslyn
/// compares hint names ignoring case (they become file names), so 'Net' and 'NET' need distinct hint names.
/// </summary>
internal sealed record NameClashes(EquatableArray<string> Duplicates, EquatableArray<string> CaseVariants)
{
    public static NameClashes From(IEnumerable<string> allNames)
    {
        var names = allNames.Where(n => n.Length > 0).ToList();
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
            .OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
        var caseVariants = names.Distinct(StringComparer.Ordinal).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .SelectMany(g => g).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
        return new NameClashes(duplicates, caseVariants);
    }
}

/// <summary>What the generator adds for one spec: a source file (unless there are errors) and diagnostics.</summary>
internal sealed record GeneratedModel(string FilePath, string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static GeneratedModel From(SpecCompilation compilation, NameClashes clashes)
    {
        var diagnostics = compilation.Diagnostics;
        var model = compilation.Model;
        var identity = compilation.Identity;
        if (identity is not null && clashes.Duplicates.Contains(identity.FullName))
        {
            diagnostics = diagnostics.Append(new DiagnosticInfo(DiagnosticIds.DuplicateModelName,
                $"another spec also declares the model '{identity.FullName}' (or this file is listed twice in AdditionalFiles); give each spec its own model name or namespace",
                identity.FilePath, identity.NameSpan)).ToEquatableArray();
            model = null;
        }

        string? source = null;
        if (model is not null)
        {
            try
            {
                source = ModelCompiler.Emit(model);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // An exception here would escape the generator (CS8785) and drop every model, not just this one.
                diagnostics = diagnostics.Append(new DiagnosticInfo(DiagnosticIds.InternalError,
                    $"ModelGen could not write the code for this model ({exception.GetType().Name}: {exception.Message}); please report it with the spec attached",
                    compilation.FilePath, identity?.NameSpan ?? SourceSpan.FileStart)).ToEquatableArray();
                model = null;
            }
        }

        return new GeneratedModel(compilation.FilePath, MakeHintName(model is null ? null : identity?.FullName, clashes), source, diagnostics);
    }

    /// <summary>
    /// The model's full name: unique, because specs that share a model name generate nothing (MG0014), and
    /// stable across machines, unlike anything derived from the spec's absolute path. Names that differ from
    /// another only in case get their rank among those variants (a segment no identifier can be), as Roslyn,
    /// and file systems, compare hint names ignoring case.
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
