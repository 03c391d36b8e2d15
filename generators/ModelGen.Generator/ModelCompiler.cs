using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Model;
using ModelGen.Generator.Shapes;
using ModelGen.Generator.Spec;
using ModelGen.Generator.Spec.Yaml;

namespace ModelGen.Generator;

/// <summary>The outcome of compiling one spec file: the checked model (absent when there are errors) and the diagnostics.</summary>
public sealed record SpecCompilation(string FilePath, ModelDefinition? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The model's name as written, even when the spec has errors, for duplicate-name checks.</summary>
    public ModelIdentity? Identity { get; init; }
}

/// <summary>Where a spec declares its model name, for reporting duplicates across files.</summary>
public sealed record ModelIdentity(string FullName, string FilePath, SourceSpan NameSpan);

/// <summary>
/// Parse -> check -> infer shapes, for one spec file. Pure: no Roslyn compilation, no file system, no
/// culture; the generator and command-line tools share it. Never throws: an unexpected exception becomes
/// diagnostic MG0099 rather than CS8785 (which would silently drop every generated model).
/// </summary>
public static class ModelCompiler
{
    /// <param name="defaultNamespace">The namespace for specs that declare none (the project's RootNamespace); it is
    /// made a valid C# namespace first, as MSBuild would derive one ("My-App" becomes "My_App").</param>
    public static SpecCompilation Compile(string filePath, string text, string defaultNamespace)
    {
        defaultNamespace = Identifiers.SanitizeNamespace(defaultNamespace);
        var diagnostics = new DiagnosticBag(filePath);
        try
        {
            var tree = YamlTreeReader.Read(text, diagnostics);
            if (diagnostics.HasErrors)
            {
                return Result(null, null);
            }

            var spec = SpecParser.Parse(tree, diagnostics);
            if (spec is null)
            {
                return Result(null, null);
            }

            var identity = spec.Name is null
                ? null
                : new ModelIdentity(Qualify(spec.Namespace?.Text ?? defaultNamespace, spec.Name.Text), filePath, spec.Name.Span);
            var model = ShapeInference.Infer(spec, diagnostics, defaultNamespace, FileName(filePath));
            return Result(diagnostics.HasErrors ? null : model, identity);
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticIds.InternalError, SourceSpan.FileStart,
                $"ModelGen could not process this spec ({exception.GetType().Name}: {exception.Message}); please report it with the spec attached");
            return Result(null, null);
        }

        SpecCompilation Result(ModelDefinition? model, ModelIdentity? identity) =>
            new(filePath, model, diagnostics.Items.ToEquatableArray()) { Identity = identity };
    }

    public static string Emit(ModelDefinition model) => ModelEmitter.Emit(model);

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>
    /// The spec's file name, as the generated code's comments show it. File names may hold characters that end a
    /// C# comment line (a newline is legal in a Linux file name); those and other control characters become '_'.
    /// </summary>
    private static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        var name = slash < 0 ? path : path.Substring(slash + 1);
        return new string(name.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? '_' : c).ToArray());
    }
}
