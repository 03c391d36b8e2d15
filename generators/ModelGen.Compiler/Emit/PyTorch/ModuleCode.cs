using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;
using ModelGen.Rendering;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>
/// The model's Python module: the facts (shapes, output kind, architecture hash) as constants, and an nn.Module whose
/// attributes are the layers under their spec names, so its state_dict() keys are the generated C# class's. forward
/// and forward_logits split where the model's <see cref="ModelDefinition.FinalSoftmax"/> says, as the C# forward and
/// ForwardLogits do.
/// </summary>
internal static class ModuleCode
{
    private const int CommentColumn = 48;

    public static string Write(ModelDefinition model)
    {
        var w = new PythonWriter();
        PyTorchEmitter.WriteHeader(w, model);
        w.Line("\"\"\"" + PythonText.Docstring(model.Description ?? $"The {model.Name} network.") + "");
        w.Line();
        w.Line($"{model.Name} as a PyTorch module: the layers, settings and initialisers of the .NET class");
        w.Line("that ModelGen generates from the same spec, under the same names, so the state_dict() keys are");
        w.Line("the .NET model's and weights move between the two unchanged.");
        w.Line();
        foreach (var line in ModelSummary.Render(model).Split('\n'))
        {
            w.Line(PythonText.Docstring(line));
        }

        w.Line("\"\"\"");
        w.Line();
        w.Line("import torch");
        w.Line("from torch import nn");
        w.Line("from torch.nn import functional as F");
        w.Line();
        w.Line("# One sample's shapes (without the batch dimension), what forward returns, and the hash .NET model");
        w.Line("# files carry for this architecture.");
        w.Line($"INPUT_SHAPE = {PythonText.IntTuple(model.InputShape)}");
        w.Line($"OUTPUT_SHAPE = {PythonText.IntTuple(model.OutputShape)}");
        w.Line($"OUTPUT_KIND = {PythonText.Str(OutputKindName(model.OutputKind))}");
        w.Line($"PARAMETER_COUNT = {PythonText.IntLiteral(model.ParameterCount)}");
        w.Line($"ARCHITECTURE_HASH = {PythonText.Str(ArchitectureFingerprint.Compute(model))}");
        w.Line();
        w.Line();
        w.Line("def check_input(x):");
        w.Indent();
        w.Line($"\"\"\"Raises ValueError unless x is a batch shaped {SummaryTable.BatchShape(model.InputShape)}.\"\"\"");
        w.Line("if tuple(x.shape[1:]) != INPUT_SHAPE or x.dim() != len(INPUT_SHAPE) + 1:");
        w.Indent();
        w.Line("raise ValueError(");
        w.Indent();
        w.Line($"f{PythonText.Str($"{model.Name} expects input shaped [N, {string.Join(", ", model.InputShape.Select(PythonText.Int))}] ")}");
        w.Line("f\"(N = any batch size), but got {list(x.shape)}.\")");
        w.Unindent();
        w.Unindent();
        w.Unindent();
        w.Line();
        w.Line();
        w.Line($"class {model.Name}(nn.Module):");
        w.Indent();
        w.Line($"\"\"\"Input {SummaryTable.BatchShape(model.InputShape)}, output {SummaryTable.BatchShape(model.OutputShape)}, " +
            $"{SummaryTable.Thousands(model.ParameterCount)} parameters.\"\"\"");
        w.Line();
        WriteConstructor(w, model);
        w.Line();
        WriteForward(w, model);
        w.Unindent();
        return w.ToString();
    }

    /// <summary>The OUTPUT_KIND constant: the model's <see cref="ModelOutputKind"/>, in Python's spelling.</summary>
    public static string OutputKindName(ModelOutputKind kind) => kind switch
    {
        ModelOutputKind.Probabilities => "probabilities",
        ModelOutputKind.Logits => "logits",
        ModelOutputKind.LogProbabilities => "log_probabilities",
        ModelOutputKind.Sigmoid => "sigmoid",
        ModelOutputKind.Regression => "regression",
        _ => throw Unexpected.Value(kind),
    };

    private static void WriteConstructor(PythonWriter w, ModelDefinition model)
    {
        w.Line("def __init__(self):");
        w.Indent();
        w.Line("super().__init__()");
        foreach (var node in model.Layers)
        {
            w.Call($"self.{node.Name} = {TorchCode.ModuleClass(node)}", TorchCode.Arguments(node), TorchCode.CreationNote(node), CommentColumn + 12);
        }

        var initializers = model.Layers.SelectMany(TorchCode.Initializers).ToList();
        if (initializers.Count > 0)
        {
            w.Line();
            w.Line("# Initialisers from the spec; other tensors keep PyTorch's defaults.");
            foreach (var line in initializers)
            {
                w.Line(line);
            }
        }

        w.Unindent();
    }

    private static void WriteForward(PythonWriter w, ModelDefinition model)
    {
        var finalSoftmax = model.FinalSoftmax;
        var last = model.Layers[model.Layers.Count - 1];
        var logitLayers = finalSoftmax == FinalSoftmax.Layer ? model.Layers.Take(model.Layers.Count - 1).ToList() : model.Layers.ToList();
        var output = SummaryTable.BatchShape(model.OutputShape);

        w.Line("def forward(self, x):");
        w.Indent();
        w.Line($"\"\"\"Runs the network on a batch shaped {SummaryTable.BatchShape(model.InputShape)}; returns {output}.\"\"\"");
        switch (finalSoftmax)
        {
            case FinalSoftmax.None:
                w.Line("return self.forward_logits(x)");
                break;
            case FinalSoftmax.Layer:
                w.Line("logits = self.forward_logits(x)");
                w.Line($"return self.{last.Name}(logits)", output, CommentColumn);
                break;
            case FinalSoftmax.Inline:
                w.Line("logits = self.forward_logits(x)");
                w.Line("return F.softmax(logits, dim=1)", output, CommentColumn);
                break;
            default:
                throw Unexpected.Value(finalSoftmax);
        }

        w.Unindent();
        w.Line();
        w.Line("def forward_logits(self, x):");
        w.Indent();
        if (finalSoftmax == FinalSoftmax.None)
        {
            w.Line("\"\"\"The same as forward: the network does not end with softmax.\"\"\"");
        }
        else
        {
            w.Line("\"\"\"Every layer but the final softmax: the logits that cross-entropy losses take.\"\"\"");
        }

        w.Line("check_input(x)");
        foreach (var node in logitLayers)
        {
            if (node.Window is { ExtraBottomRight: var extra } && extra != default)
            {
                // Keras's "same" puts the odd padding row/column at the bottom/right; PyTorch pads symmetrically.
                w.Line($"x = F.pad(x, (0, {PythonText.Int(extra.Width)}, 0, {PythonText.Int(extra.Height)}))", "padding: same, uneven part", CommentColumn);
            }

            var call = node.Layer is GlobalAvgPool2dLayer ? $"x = self.{node.Name}(x).flatten(1)" : $"x = self.{node.Name}(x)";
            w.Line(call, SummaryTable.BatchShape(node.OutputShape), CommentColumn);

            // The final inline softmax is forward's to apply, not forward_logits'.
            var isFinalInline = finalSoftmax == FinalSoftmax.Inline && ReferenceEquals(node, last);
            if (node.Layer.InlineActivation is { } inline && !isFinalInline)
            {
                w.Line($"x = {TorchCode.Functional(inline)}");
            }
        }

        w.Line("return x");
        w.Unindent();
    }
}
