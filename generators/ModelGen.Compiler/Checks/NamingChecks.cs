using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Checks;

/// <summary>
/// Names that are valid identifiers can still break the generated class: names it uses, its own members, contextual
/// keywords, its class name, each other.
/// </summary>
internal sealed class NamingChecks
{
    /// <summary>With a model name of at most 255 characters, the full name stays within .NET metadata's 1,023-byte limit.</summary>
    private const int MaxRootNamespaceLength = 511;

    private readonly BoundSpec _spec;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, BoundLayer> _layerNames = new(StringComparer.Ordinal);

    public NamingChecks(BoundSpec spec, DiagnosticBag diagnostics)
    {
        _spec = spec;
        _diagnostics = diagnostics;
    }

    public void CheckModelName()
    {
        if (_spec.Syntax.Name is not { } modelName)
        {
            return;
        }

        var name = modelName.Value;
        var problem =
            GeneratedNames.TypesAndNamespaces.Contains(name) ? "is a type or namespace the generated code uses (from TorchSharp or ModelGen)" :
            GeneratedNames.Members.Contains(name) ? "is the name of a member of the generated class or of TorchSharp's Module" :
            SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "is a C# contextual keyword" :
            PythonNames.Keywords.Contains(name) ? "is a Python keyword (the PyTorch export's class is named like the model)" :
            PythonNames.Globals.Contains(name) ? "is a name the PyTorch export's Python uses" :
            PythonNames.Modules.Contains(PythonNames.ModuleName(name))
                ? $"would name the PyTorch export's module {PythonNames.ModuleName(name)}.py, which hides Python's module '{PythonNames.ModuleName(name)}' from the training script" :
            PythonNames.IdentifierProblem(name) is { } pythonProblem ? pythonProblem + " (the PyTorch export's class is named like the model)" :
            null;
        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticIds.InvalidModelName, modelName.Span,
                $"'{name}' {problem}, so a class with that name would break the generated code; choose another, e.g. '{char.ToUpperInvariant(name[0])}{name.Substring(1)}Model'");
        }
    }

    /// <summary>A namespace segment named like something the generated code refers to would hide it.</summary>
    public void CheckNamespace()
    {
        var ns = _spec.Namespace;
        var nameSpan = _spec.Syntax.Name?.Span ?? SourceSpan.FileStart;
        if (_spec.Syntax.Namespace is null && ns.Length > MaxRootNamespaceLength)
        {
            _diagnostics.Add(DiagnosticIds.InvalidNamespace, nameSpan,
                $"the project's root namespace is {ns.Length} characters long, too long for the generated class's full name; give this spec a shorter 'namespace:'");
            return;
        }

        // "ModelGen" is harmless here: the generated file imports it with a using directive outside the namespace.
        var clash = ns.Split('.').FirstOrDefault(segment =>
            (GeneratedNames.TypesAndNamespaces.Contains(segment) && segment != "ModelGen") || segment == "global");
        if (clash is null)
        {
            return;
        }

        if (_spec.Syntax.Namespace is { } written)
        {
            _diagnostics.Add(DiagnosticIds.InvalidNamespace, written.Span,
                $"the namespace '{ns}' has a part '{clash}', a name the generated code uses (from TorchSharp or ModelGen), which it would hide; rename that part, e.g. '{ns.Replace(clash, clash + "Models")}'");
        }
        else
        {
            _diagnostics.Add(DiagnosticIds.InvalidNamespace, nameSpan,
                $"the project's root namespace '{ns}' has a part '{clash}', a name the generated code uses (from TorchSharp or ModelGen), which it would hide; give this spec its own 'namespace:'");
        }
    }

    /// <summary>Checks one layer's member name against the reserved names, the class name and the layers before it.</summary>
    public void CheckLayerName(BoundLayer layer)
    {
        var explicitName = layer.Syntax.Tagged.Settings.Get<Parsing.TextValue>(Language.LayerKeys.Name);
        var memberName = layer.Layer.Name;
        var span = explicitName?.Span ?? layer.Syntax.Tagged.TypeSpan;
        var type = layer.Syntax.Type;
        if (explicitName is not null && GeneratedNames.TypesAndNamespaces.Contains(memberName))
        {
            _diagnostics.Add(DiagnosticIds.InvalidLayerName, span,
                $"the layer name '{memberName}' is a type or namespace the generated code uses, so the field would hide it; choose another, e.g. '{char.ToLowerInvariant(memberName[0])}{memberName.Substring(1)}Layer'");
        }
        else if (explicitName is not null && GeneratedNames.Members.Contains(memberName))
        {
            _diagnostics.Add(DiagnosticIds.InvalidLayerName, span,
                $"the layer name '{memberName}' is taken by a member of the generated class or of TorchSharp's Module; choose another, e.g. '{memberName}Layer'");
        }
        else if (explicitName is not null && PythonProblem(memberName) is { } pythonProblem)
        {
            _diagnostics.Add(DiagnosticIds.InvalidLayerName, span,
                $"the layer name '{memberName}' {pythonProblem}, and the PyTorch export names the layer's attribute (its state_dict() key) like the layer; choose another, e.g. '{Suggestion(memberName)}'");
        }
        else if (memberName == _spec.Syntax.Name?.Value)
        {
            // C# forbids a member named like its class (CS0542); this also catches a default name such as dense1.
            _diagnostics.Add(DiagnosticIds.InvalidLayerName, span, explicitName is null
                ? $"the default name '{memberName}' of this {type} is also the model's class name, and a C# member cannot be named like its class; give the layer a name (e.g. name: {memberName}Layer) or rename the model"
                : $"the layer name '{memberName}' is also the model's class name, and a C# member cannot be named like its class; choose another (e.g. '{memberName}Layer') or rename the model");
        }
        else if (_layerNames.TryGetValue(memberName, out var other))
        {
            _diagnostics.Add(DiagnosticIds.DuplicateLayerName, span,
                $"layer {layer.Syntax.Index + 1} ({type}) is named '{memberName}', like layer {other.Syntax.Index + 1} ({other.Syntax.Type}); layer names must be unique");
        }
        else
        {
            _layerNames[memberName] = layer;
        }
    }

    /// <summary>Why the generated Python module could not have an attribute named <paramref name="name"/>, or null.</summary>
    private static string? PythonProblem(string name) =>
        PythonNames.Keywords.Contains(name) ? "is a Python keyword" :
        PythonNames.ModuleMembers.Contains(name) ? "is a member of PyTorch's nn.Module (or of the generated module)" :
        name.StartsWith("__", StringComparison.Ordinal) ? "starts with '__', which Python mangles inside a class" :
        PythonNames.IdentifierProblem(name);

    private static string Suggestion(string name)
    {
        var trimmed = new string(name.Where(c => char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).TrimStart('_');
        return trimmed.Length == 0 ? "layer1" : trimmed + "Layer";
    }
}
