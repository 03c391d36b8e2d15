using System.Linq;
using ModelGen.Compiler.Model;
using ModelGen.Rendering;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>
/// IDataAdaptedModel's members, for a model with a whitening layer: how many training images it needs and
/// <c>Adapt</c>, which computes the frozen filters from them with the runtime's PatchWhitening. The trainer calls it
/// once, before the first epoch of a fresh run (a resumed run has the filters in its checkpoint).
/// </summary>
internal static class AdaptationCode
{
    public static void Write(SourceWriter w, ModelDefinition model)
    {
        // The checks allow whitening only as the first layer, so there is one.
        var node = model.Layers.First(n => n.Layer is WhiteningLayer);
        var layer = (WhiteningLayer)node.Layer;
        var samples = layer.Images;
        var names = node.Name;
        w.Line($"/// <summary>Training images <see cref=\"Adapt\"/> computes {names} from: the first {SummaryTable.Thousands(samples)}.</summary>");
        w.Line($"public long AdaptationSampleCount => {CSharpText.Long(samples)};");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Computes {names}'s frozen filters from <paramref name=\"samples\"/>: the first training images as forward takes them");
        w.Line("/// (normalised), shaped " + SummaryTable.BatchShape(model.InputShape) + ". Patch covariance, its eigenvectors divided by");
        w.Line("/// sqrt(eigenvalue + eps), and their negatives (<see cref=\"PatchWhitening.Filters\"/>).");
        w.Line("/// </summary>");
        w.Line($"/// <exception cref=\"ModelInputShapeException\">The samples are not shaped {SummaryTable.BatchShape(model.InputShape)}.</exception>");
        w.Line("public void Adapt(Tensor samples)");
        w.OpenBrace();
        w.Line("ShapeGuard.CheckInput(samples, ModelName, InputShape);");
        w.Line("using var scope = NewDisposeScope();");
        w.Line("using var noGradients = no_grad();");
        w.Line($"{node.Name}.weight!.copy_(PatchWhitening.Filters(samples, kernelHeight: {CSharpText.Long(layer.Kernel.Height)}, kernelWidth: {CSharpText.Long(layer.Kernel.Width)}, epsilon: {CSharpText.Double(layer.Epsilon)}));");

        w.CloseBrace();
    }
}
