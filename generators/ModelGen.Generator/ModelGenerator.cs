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

        // Only the set of duplicated names crosses files, so an edit elsewhere leaves this value, and every
        // other model's output, unchanged.
        var duplicateNames = compiled
            .Select(static (result, _) => result.Identity?.FullName ?? string.Empty)
            .Collect()
            .Select(static (names, _) => names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal)
                .Where(g => g.Count() > 1).Select(g => g.Key).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray())
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
            catch (ArgumentException)
            {
                // The same spec path was listed twice (for example by hand and by the default glob).
                context.ReportDiagnostic(DiagnosticReporter.ToDiagnostic(new DiagnosticInfo(DiagnosticIds.DuplicateModelName,
                    "this spec file is listed twice in AdditionalFiles; remove one of the entries", output.FilePath, SourceSpan.FileStart)));
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

/// <summary>What the generator adds for one spec: a source file (unless there are errors) and diagnostics.</summary>
internal sealed record GeneratedModel(string FilePath, string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static GeneratedModel From(SpecCompilation compilation, EquatableArray<string> duplicateNames)
    {
        var diagnostics = compilation.Diagnostics;
        var model = compilation.Model;
        var identity = compilation.Identity;
        if (identity is not null && duplicateNames.Contains(identity.FullName))
        {
            diagnostics = diagnostics.Append(new DiagnosticInfo(DiagnosticIds.DuplicateModelName,
                $"another spec also declares the model '{identity.FullName}' (or this file is listed twice in AdditionalFiles); give each spec its own model name or namespace",
                identity.FilePath, identity.NameSpan)).ToEquatableArray();
            model = null;
        }

        return new GeneratedModel(compilation.FilePath, MakeHintName(model is null ? null : identity?.FullName), model is null ? null : ModelCompiler.Emit(model), diagnostics);
    }

    /// <summary>
    /// The model's full name: unique, because specs that share a model name generate nothing (MG0014), and
    /// stable across machines, unlike anything derived from the spec's absolute path.
    /// </summary>
    private static string MakeHintName(string? fullName) =>
        fullName is null ? string.Empty : fullName + ".g.cs";
}
