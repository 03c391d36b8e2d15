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
        w.Line($"TRAINABLE_PARAMETER_COUNT = {PythonText.IntLiteral(model.TrainableParameterCount)}");
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
        if (model.Layers.Any(node => node.Layer is RescalingLayer))
        {
            w.Line();
            w.Line();
            WriteRescaling(w);
        }

        if (model.AdaptsToData)
        {
            w.Line();
            w.Line();
            WritePatchWhitening(w);
        }

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
        if (model.AdaptsToData)
        {
            w.Line();
            WriteAdapt(w, model);
        }

        w.Unindent();
        return w.ToString();
    }

    /// <summary>The module of the spec's rescaling layers (PyTorch has none), as the runtime's ModelGen.Modules.Rescaling.</summary>
    private static void WriteRescaling(PythonWriter w)
    {
        w.Line("class Rescaling(nn.Module):");
        w.Indent();
        w.Line("\"\"\"x * scale + offset, element-wise (Keras's Rescaling): no parameters.\"\"\"");
        w.Line();
        w.Line("def __init__(self, scale, offset=0.0):");
        w.Indent();
        w.Line("super().__init__()");
        w.Line("self.scale = scale");
        w.Line("self.offset = offset");
        w.Unindent();
        w.Line();
        w.Line("def forward(self, x):");
        w.Indent();
        w.Line("return x * self.scale if self.offset == 0 else x * self.scale + self.offset");
        w.Unindent();
        w.Line();
        w.Line("def extra_repr(self):");
        w.Indent();
        w.Line("return f\"scale={self.scale}, offset={self.offset}\"");
        w.Unindent();
        w.Unindent();
    }

    /// <summary>The whitening filters, computed as the runtime's ModelGen.Modules.PatchWhitening computes them.</summary>
    private static void WritePatchWhitening(PythonWriter w)
    {
        w.Line("def patch_whitening_filters(images, kernel_height, kernel_width, eps):");
        w.Indent();
        w.Line("\"\"\"Whitening filters [2*C*kh*kw, C, kh, kw] from normalised images [N, C, H, W].");
        w.Line();
        w.Line("From every kh x kw patch at stride 1: the uncentred covariance E[p p^T] in float64, its");
        w.Line("eigenvectors by decreasing eigenvalue, each signed so that its largest-magnitude component is");
        w.Line("positive and divided by sqrt(eigenvalue + eps); then the same filters negated.");
        w.Line("\"\"\"");
        w.Line("channels = images.shape[1]");
        w.Line("size = channels * kernel_height * kernel_width");
        w.Line("covariance = torch.zeros(size, size, dtype=torch.float64, device=images.device)");
        w.Line("patches = 0");
        w.Line("for chunk in images.split(256):");
        w.Indent();
        w.Line("# [n, C, H', W', kh, kw] -> one row per patch, laid out as a filter [C, kh, kw]");
        w.Line("rows = chunk.double().unfold(2, kernel_height, 1).unfold(3, kernel_width, 1)");
        w.Line("rows = rows.permute(0, 2, 3, 1, 4, 5).reshape(-1, size)");
        w.Line("covariance += rows.T @ rows");
        w.Line("patches += rows.shape[0]");
        w.Unindent();
        w.Line("eigenvalues, eigenvectors = torch.linalg.eigh(covariance / patches)");
        w.Line("values = eigenvalues.flip(0).clamp_min(0)");
        w.Line("vectors = eigenvectors.flip(1).T");
        w.Line("vectors = vectors * vectors.gather(1, vectors.abs().argmax(1, keepdim=True)).sign()");
        w.Line("scaled = vectors / (values + eps).sqrt().unsqueeze(1)");
        w.Line("filters = torch.cat([scaled, -scaled])");
        w.Line("return filters.reshape(2 * size, channels, kernel_height, kernel_width).float()");
        w.Unindent();
    }

    /// <summary>adapt: the C# class's Adapt, which the training script calls before a fresh run's first epoch.</summary>
    private static void WriteAdapt(PythonWriter w, ModelDefinition model)
    {
        var node = model.Layers.First(n => n.Layer is WhiteningLayer);
        var layer = (WhiteningLayer)node.Layer;
        w.Line($"# Training images adapt computes {node.Name}'s filters from (the first ones).");
        w.Line($"ADAPTATION_SAMPLES = {PythonText.IntLiteral(layer.Images)}");
        w.Line();
        w.Line("def adapt(self, samples):");
        w.Indent();
        w.Line($"\"\"\"Computes {node.Name}'s frozen filters from the first training images, normalised.\"\"\"");
        w.Line("check_input(samples)");
        w.Line("with torch.no_grad():");
        w.Indent();
        w.Call($"self.{node.Name}.weight.copy_", new[]
        {
            $"patch_whitening_filters(samples, {PythonText.Int(layer.Kernel.Height)}, {PythonText.Int(layer.Kernel.Width)}, {PythonText.Float(layer.Epsilon)})",
        });
        w.Unindent();
        w.Unindent();
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

        var freezes = model.Layers.SelectMany(TorchCode.Freezes).ToList();
        if (freezes.Count > 0)
        {
            w.Line();
            w.Line("# Frozen parameters: no optimizer trains them (batch norm's scale: false and center: false,");
            w.Line("# whitening's filters).");
            foreach (var line in freezes)
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
