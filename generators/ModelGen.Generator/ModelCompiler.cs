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
    public static SpecCompilation Compile(string filePath, string text, string defaultNamespace)
    {
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

    private static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}
