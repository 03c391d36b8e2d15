using System.Linq;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Checks;

/// <summary>
/// The checks step: reports what shape inference found and every rule about names, settings, classes and the loss,
/// then, if nothing is wrong, assembles the <see cref="ModelDefinition"/> with its output facts decided once.
/// </summary>
internal static class Checker
{
    public static ModelDefinition? Check(BoundSpec spec, ShapeResult? shapes, DiagnosticBag diagnostics, string sourceFileName)
    {
        var settings = new SettingChecks(spec, diagnostics);
        var naming = new NamingChecks(spec, diagnostics);
        var trainingValid = settings.CheckTraining();
        naming.CheckModelName();
        naming.CheckNamespace();
        if (shapes is null || spec.Syntax.Layers.Count == 0)
        {
            return null;
        }

        // Layer by layer, as a reader goes through the spec: its name, then what its shapes tell.
        var shapeDiagnostics = new ShapeDiagnostics(spec.Layers, shapes, spec.Syntax.Input!.Value, diagnostics);
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            naming.CheckLayerName(spec.Layers[index]);
            shapeDiagnostics.Report(index);
        }

        // Past a layer that could not be read or whose shape is unknown, anything more would be a guess.
        if (shapes.Problem is not null || spec.Syntax.IncompleteAt is not null)
        {
            return null;
        }

        settings.CheckClasses(shapes.Nodes);
        settings.CheckSize(shapes.Nodes);
        if (trainingValid)
        {
            settings.CheckLoss(shapes.Nodes);
            settings.CheckMonitors(shapes.Nodes);
        }

        settings.CheckDefaultsUsed();
        if (spec.Syntax.Name is not { } name || !trainingValid || diagnostics.HasErrors)
        {
            return null;
        }

        var layers = spec.Layers.Select(l => l.Layer).ToList();
        return new ModelDefinition(
            name.Value,
            spec.Namespace,
            sourceFileName,
            spec.Syntax.Description,
            spec.Syntax.Input.Value,
            spec.Syntax.Classes?.Value,
            shapes.Nodes.ToEquatableArray(),
            spec.Training,
            OutputFacts.OutputKindOf(layers, spec.Training.Loss),
            OutputFacts.FinalSoftmaxOf(layers));
    }
}
