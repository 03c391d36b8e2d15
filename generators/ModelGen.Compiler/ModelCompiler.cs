using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Checks;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Emit.CSharp;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Emit.PyTorch;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;
using ModelGen.Compiler.Parsing.Yaml;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler;

/// <summary>
/// The ModelGen compiler: parse -> bind -> shapes -> checks for one spec file, then the steps across files (duplicate
/// model names) and the backends (C#, PyTorch). Pure: no Roslyn compilation, no file system, no culture, so the source generator
/// and the command-line tool run exactly the same code. Never throws for a spec: an unexpected exception becomes
/// diagnostic MG0099 at the spec rather than CS8785 (which would silently drop every generated model). Only
/// cancellation escapes, as the caller asked for it.
/// </summary>
public static class ModelCompiler
{
    /// <summary>The file name ending of a spec.</summary>
    public const string SpecExtension = ".model.yaml";

    /// <param name="filePath">The spec's path, as diagnostics should show it.</param>
    /// <param name="text">The spec's text; null when the file could not be read (reported as MG0023).</param>
    /// <param name="defaultNamespace">The namespace for specs that declare none (the project's RootNamespace); it is
    /// made a valid C# namespace first, as MSBuild would derive one ("My-App" becomes "My_App").</param>
    /// <param name="cancellationToken">Stops the work between steps and between layers.</param>
    public static SpecCompilation Compile(string filePath, string? text, string defaultNamespace, CancellationToken cancellationToken = default)
    {
        var diagnostics = new DiagnosticBag(filePath);
        if (text is null)
        {
            diagnostics.Add(DiagnosticIds.UnreadableSpec, SourceSpan.FileStart,
                "the spec file could not be read (it is missing, or not readable by the build); check that the file exists and that its permissions allow reading it");
            return new SpecCompilation(filePath, null, diagnostics.Items.ToEquatableArray());
        }

        if (text.Length > SpecLimits.MaxSpecLength)
        {
            return Oversized(filePath, text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters");
        }

        ModelIdentity? identity = null;
        ModelDefinition? model = null;
        try
        {
            var tree = YamlTreeReader.Read(text, diagnostics);
            cancellationToken.ThrowIfCancellationRequested();
            var syntax = diagnostics.HasErrors ? null : SpecParser.Parse(tree, diagnostics);
            if (syntax is not null)
            {
                var bound = Binder.Bind(syntax, Identifiers.SanitizeNamespace(defaultNamespace));
                identity = syntax.Name is { } name ? new ModelIdentity(Qualify(bound.Namespace, name.Value), filePath, name.Span) : null;
                cancellationToken.ThrowIfCancellationRequested();
                var shapes = syntax.Input is { } input ? ShapeInference.Infer(input.Value, bound.Layers.Select(l => l.Layer).ToList(), cancellationToken) : null;
                model = Checker.Check(bound, shapes, diagnostics, FileName(filePath));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticIds.InternalError, SourceSpan.FileStart,
                $"ModelGen could not process this spec ({exception.GetType().Name}: {exception.Message}); please report it with the spec attached");
            model = null;
        }

        return new SpecCompilation(filePath, model, diagnostics.Items.ToEquatableArray()) { Identity = identity };
    }

    /// <summary>
    /// The outcome for a spec longer than <see cref="SpecLimits.MaxSpecLength"/>: MG0024, without reading it. The tool
    /// uses it for a file too large to read at all (<paramref name="size"/> says how large, e.g. "6,400,000 bytes").
    /// </summary>
    public static SpecCompilation Oversized(string filePath, string size)
    {
        var diagnostics = new DiagnosticBag(filePath);
        diagnostics.Add(DiagnosticIds.LimitExceeded, SourceSpan.FileStart, string.Format(CultureInfo.InvariantCulture,
            "the spec file is {0} long; ModelGen reads specs of at most {1:N0} characters (a large model needs a few thousand). Is this the right file?",
            size, SpecLimits.MaxSpecLength));
        return new SpecCompilation(filePath, null, diagnostics.Items.ToEquatableArray());
    }

    /// <summary>The model names that more than one spec declares, and those that differ only in case.</summary>
    public static NameClashes FindNameClashes(IEnumerable<SpecCompilation> compilations) =>
        NameClashes.From(compilations.Select(c => c.Identity?.FullName ?? string.Empty));

    /// <summary>
    /// The last step for one spec, once every spec is compiled: MG0014 when another spec declares the same model, and
    /// the generated C# when the spec has no errors (an emitter failure becomes MG0099, never an exception).
    /// </summary>
    public static CompiledSpec Complete(SpecCompilation compilation, NameClashes clashes)
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
                source = CSharpEmitter.Emit(model);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                diagnostics = diagnostics.Append(new DiagnosticInfo(DiagnosticIds.InternalError,
                    $"ModelGen could not write the code for this model ({exception.GetType().Name}: {exception.Message}); please report it with the spec attached",
                    compilation.FilePath, identity?.NameSpan ?? SourceSpan.FileStart)).ToEquatableArray();
                model = null;
            }
        }

        return new CompiledSpec(compilation.FilePath, model, source, diagnostics);
    }

    /// <summary>
    /// The PyTorch backend for a spec after the steps across files: the model's Python module and its training script
    /// when the spec has no errors (an emitter failure becomes MG0099, never an exception), else only the diagnostics.
    /// </summary>
    public static PyTorchCompilation ExportPyTorch(CompiledSpec spec)
    {
        if (spec.Model is null)
        {
            return new PyTorchCompilation(spec.FilePath, null, spec.Diagnostics);
        }

        try
        {
            return new PyTorchCompilation(spec.FilePath, PyTorchEmitter.Emit(spec.Model), spec.Diagnostics);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var diagnostics = spec.Diagnostics.Append(new DiagnosticInfo(DiagnosticIds.InternalError,
                $"ModelGen could not write the PyTorch code for this model ({exception.GetType().Name}: {exception.Message}); please report it with the spec attached",
                spec.FilePath, SourceSpan.FileStart)).ToEquatableArray();
            return new PyTorchCompilation(spec.FilePath, null, diagnostics);
        }
    }

    /// <summary>The Keras-style summary table of a model (what the generated class's documentation shows).</summary>
    public static string Summary(ModelDefinition model) => ModelSummary.Render(model);

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>
    /// The spec's file name, as the generated code's comments show it. File names may hold characters that end a
    /// C# comment line (a newline is legal in a Linux file name); those, other control characters and formatting
    /// characters (a right-to-left override in a file name would reorder the comment) become '_'.
    /// </summary>
    private static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var name = slash < 0 ? path : path.Substring(slash + 1);
        return new string(name.Select(c => char.IsControl(c) || Identifiers.IsHidden(c) || c is '\u2028' or '\u2029' ? '_' : c).ToArray());
    }
}
