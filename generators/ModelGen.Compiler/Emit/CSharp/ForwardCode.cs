using System.Linq;
using ModelGen.Compiler.Model;
using ModelGen.Rendering;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>
/// forward and ForwardLogits: every layer in order with its output shape in a comment. Where the logits end is the
/// model's <see cref="ModelDefinition.FinalSoftmax"/>: ForwardLogits stops before it and forward applies it.
/// </summary>
internal static class ForwardCode
{
    public static void Write(SourceWriter w, ModelDefinition model, int commentColumn)
    {
        var finalSoftmax = model.FinalSoftmax;
        var last = model.Layers[model.Layers.Count - 1];
        var logitLayers = finalSoftmax == FinalSoftmax.Layer ? model.Layers.Take(model.Layers.Count - 1).ToList() : model.Layers.ToList();
        var input = SummaryTable.BatchShape(model.InputShape);

        w.Line("/// <summary>");
        w.Line($"/// Runs the network on a batch shaped {input}; returns {SummaryTable.BatchShape(model.OutputShape)}.");
        w.Line("/// </summary>");
        w.Line($"/// <exception cref=\"ModelInputShapeException\">The input is not shaped {input}.</exception>");
        w.Line("public override Tensor forward(Tensor input)");
        w.OpenBrace();
        switch (finalSoftmax)
        {
            case FinalSoftmax.None:
                w.Line("return ForwardLogits(input);");
                break;
            case FinalSoftmax.Layer:
                w.Line("using var logits = ForwardLogits(input);");
                w.Line($"return {last.Name}.call(logits);", SummaryTable.BatchShape(model.OutputShape), commentColumn);
                break;
            case FinalSoftmax.Inline:
                w.Line("using var logits = ForwardLogits(input);");
                w.Line("return functional.softmax(logits, 1);", SummaryTable.BatchShape(model.OutputShape), commentColumn);
                break;
            default:
                throw Common.Unexpected.Value(finalSoftmax);
        }

        w.CloseBrace();
        w.Line();
        w.Line("/// <summary>");
        if (finalSoftmax == FinalSoftmax.None)
        {
            w.Line("/// The same as <see cref=\"forward\"/>: the network does not end with softmax.");
        }
        else
        {
            w.Line("/// Runs every layer but the final softmax. Training applies a cross-entropy loss to these logits");
            w.Line("/// (log-softmax and negative log-likelihood fused), which is numerically stable.");
        }

        if (logitLayers.Any(node => node.Layer.InlineActivation is { } inline && TorchSharpCode.RunsInPlace(inline)))
        {
            w.Line("/// A conv2d or dense layer's activation overwrites the layer's output (inplace): nothing else reads it,");
            w.Line("/// and the layer's backward pass needs only its input.");
        }

        w.Line("/// </summary>");
        w.Line("public Tensor ForwardLogits(Tensor input)");
        w.OpenBrace();
        w.Line("ShapeGuard.CheckInput(input, ModelName, InputShape);");
        w.Line("using var scope = NewDisposeScope();");
        var first = true;
        foreach (var node in logitLayers)
        {
            var source = first ? "input" : "x";
            var target = first ? "var x" : "x";
            first = false;
            if (node.Window is { ExtraBottomRight: var extra } && extra != default)
            {
                // Keras's "same" puts the odd padding row/column at the bottom/right; PyTorch pads symmetrically.
                w.Line($"{target} = functional.pad({source}, (0, {CSharpText.Long(extra.Width)}, 0, {CSharpText.Long(extra.Height)}));",
                    "padding: same, uneven part", commentColumn);
                source = "x";
                target = "x";
            }

            var call = node.Layer is GlobalAvgPool2dLayer
                ? $"{target} = {node.Name}.call({source}).flatten(1);"
                : $"{target} = {node.Name}.call({source});";
            w.Line(call, SummaryTable.BatchShape(node.OutputShape), commentColumn);

            // The final inline softmax is forward's to apply, not ForwardLogits'.
            var isFinalInline = finalSoftmax == FinalSoftmax.Inline && ReferenceEquals(node, last);
            if (node.Layer.InlineActivation is { } inline && !isFinalInline)
            {
                w.Line($"x = {TorchSharpCode.Functional(inline, TorchSharpCode.RunsInPlace(inline))};");
            }
        }

        w.Line("return x.MoveToOuterDisposeScope();");
        w.CloseBrace();
    }
}
