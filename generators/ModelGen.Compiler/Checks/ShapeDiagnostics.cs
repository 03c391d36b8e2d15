using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Checks;

/// <summary>
/// Turns what shape inference found into diagnostics at the YAML node that causes it: the problem that stopped it,
/// and the warnings about layers whose shapes it did compute (dropped rows, no-op layers, unused settings).
/// </summary>
internal sealed class ShapeDiagnostics
{
    private readonly IReadOnlyList<BoundLayer> _layers;
    private readonly ShapeResult _shapes;
    private readonly EquatableArray<long> _modelInput;
    private readonly DiagnosticBag _diagnostics;

    public ShapeDiagnostics(IReadOnlyList<BoundLayer> layers, ShapeResult shapes, EquatableArray<long> modelInput, DiagnosticBag diagnostics)
    {
        _layers = layers;
        _shapes = shapes;
        _modelInput = modelInput;
        _diagnostics = diagnostics;
    }

    /// <summary>The warnings for a layer whose shapes are known, or the problem if inference stopped at it.</summary>
    public void Report(int index)
    {
        if (index < _shapes.Nodes.Count)
        {
            Warn(_layers[index], _shapes.Nodes[index]);
        }
        else if (_shapes.Problem is { } problem && problem.LayerIndex == index)
        {
            ReportProblem(problem, _layers[index]);
        }
    }

    private void ReportProblem(ShapeProblem problem, BoundLayer bound)
    {
        var layer = bound.Syntax;
        var t = layer.Tagged;
        switch (problem)
        {
            case FlatInputProblem flat:
                var source = _shapes.Nodes.LastOrDefault(n => n.OutputShape.Count == 1 && n.InputShape.Count == 3);
                var hint = source is null
                    ? "the model input is flat; declare input as [channels, height, width]"
                    : $"the tensor became flat at {LayerCatalogue.NameOf(source.Layer)} '{source.Name}'; move this layer before it";
                _diagnostics.Add(DiagnosticIds.SpatialLayerOnFlatTensor, t.TypeSpan,
                    $"{layer.Type} needs a [channels, height, width] input but receives the flat tensor {Invariant.Shape(flat.Input)}; {hint}");
                break;
            case DenseInputProblem dense:
                _diagnostics.Add(DiagnosticIds.DenseNeedsFlatten, t.TypeSpan,
                    $"dense '{bound.Layer.Name}' receives a {dense.Input.Count}-D tensor {Invariant.Shape(dense.Input)} but needs a flat [features] tensor; insert flatten (or global_avg_pool2d) before it");
                break;
            case PoolPaddingProblem pool:
                _diagnostics.Add(DiagnosticIds.OutOfRange, t.SpanOf(LayerKeys.PoolPadding),
                    $"{layer.Type} padding {pool.Padding} is more than half its window {pool.Window}; PyTorch allows at most half (use padding: same, or a larger window)");
                break;
            case WindowProblem window:
                ReportAxes(Describe(bound, window.Height, Axis.Height), Describe(bound, window.Width, Axis.Width));
                break;
            case OverflowProblem:
                _diagnostics.Add(DiagnosticIds.OutOfRange, t.TypeSpan,
                    $"{layer.Type} '{bound.Layer.Name}' would count more than 2^63 values or multiply-adds; the sizes in this spec are far too large");
                break;
            default:
                throw Unexpected.Value(problem);
        }
    }

    private void Warn(BoundLayer bound, LayerNode node)
    {
        var syntax = bound.Syntax;
        var t = syntax.Tagged;
        switch (bound.Layer)
        {
            case Conv2dLayer conv:
                WarnDroppedCells(syntax, node, conv.Stride);
                WarnUnusedBiasInit(syntax, conv.Bias);
                break;
            case Pool2dLayer pool:
                WarnDroppedCells(syntax, node, pool.Stride);
                break;
            case DenseLayer dense:
                WarnUnusedBiasInit(syntax, dense.Bias);
                break;
            case DropoutLayer { Rate: 0 }:
                _diagnostics.Add(DiagnosticIds.UnusedSetting, t.SpanOf(LayerKeys.Rate),
                    "dropout with rate 0 drops nothing; remove the layer or set a rate between 0 and 1");
                break;
            case FlattenLayer when node.InputShape.Count == 1:
                _diagnostics.Add(DiagnosticIds.UnusedSetting, t.TypeSpan,
                    $"flatten receives an already flat tensor [{node.InputShape[0]}] and has no effect; remove it");
                break;
        }
    }

    private void WarnDroppedCells(LayerSyntax layer, LayerNode node, Size2 stride)
    {
        var remainder = node.Window!.Remainder;
        if (remainder == default)
        {
            return;
        }

        var parts = new List<string>();
        if (remainder.Height > 0)
        {
            parts.Add($"the last {remainder.Height} row{(remainder.Height == 1 ? string.Empty : "s")}");
        }

        if (remainder.Width > 0)
        {
            parts.Add($"the last {remainder.Width} column{(remainder.Width == 1 ? string.Empty : "s")}");
        }

        _diagnostics.Add(DiagnosticIds.DropsRowsOrColumns, layer.Tagged.TypeSpan,
            $"{layer.Type} with stride {stride} on input {node.InputShape[1]}x{node.InputShape[2]} ignores {string.Join(" and ", parts)} (output {node.OutputShape[1]}x{node.OutputShape[2]}); use padding: same or an input size that fits the stride");
    }

    private void WarnUnusedBiasInit(LayerSyntax layer, bool bias)
    {
        if (!bias && layer.Tagged.Settings.Get<ChoiceValue>(LayerKeys.BiasInit) is { } biasInit)
        {
            _diagnostics.Add(DiagnosticIds.UnusedSetting, biasInit.Span,
                $"bias_init has no effect because {layer.Type} has bias: false; remove one of them");
        }
    }

    /// <summary>What an axis failure says, for either axis or for both when height and width fail alike.</summary>
    private AxisMessage? Describe(BoundLayer bound, AxisFailure? failure, Axis axis)
    {
        if (failure is null)
        {
            return null;
        }

        var layer = bound.Syntax;
        var t = layer.Tagged;
        var memberName = bound.Layer.Name;
        var isPool = bound.Layer is Pool2dLayer;
        var what = isPool ? "pooling window" : (failure.Dilated ? "dilated kernel" : "kernel");
        var padded = failure.Input + (2 * failure.Pad);
        var paddedNote = failure.Pad > 0 ? $" (padded: {padded})" : string.Empty;
        switch (failure.Kind)
        {
            case AxisFailureKind.UnevenSamePooling:
                return new AxisMessage(DiagnosticIds.AsymmetricSamePadding, t.SpanOf(LayerKeys.PoolPadding), a =>
                    $"padding: same on {layer.Type} '{memberName}' ({what} {failure.Window}, stride {failure.Stride}, input {Name(a)} {failure.Input}) needs {Count(failure.TotalPadding, a)} of padding, an odd number that PyTorch pooling cannot place as Keras does (one more at the end); use padding: valid, an explicit padding, or a stride equal to the window");
            case AxisFailureKind.ReachesZero:
                var index = axis == Axis.Height ? 1 : 2;
                var shrinkers = _shapes.Nodes.Where(n => n.Layer is Conv2dLayer or Pool2dLayer && n.InputShape[index] > n.OutputShape[index]).Select(n => n.Name).ToList();
                return new AxisMessage(DiagnosticIds.SpatialSizeZero, t.TypeSpan, a =>
                    $"the {Name(a)} {(a == Axis.Both ? "reach" : "reaches")} zero at {layer.Type} '{memberName}': earlier layers ({string.Join(", ", shrinkers)}) shrank {(a == Axis.Both ? "them" : "it")} from {failure.ModelInput} to {failure.Input}{paddedNote}, smaller than its {what} {failure.Window}; remove a downsampling layer, use padding: same, or a larger input");
            case AxisFailureKind.WindowLargerThanInput:
                return new AxisMessage(DiagnosticIds.WindowLargerThanInput, t.SpanOf(isPool ? LayerKeys.PoolSize : LayerKeys.Kernel), a =>
                    $"the {what} {Name(a)} {failure.Window} of {layer.Type} '{memberName}' {(a == Axis.Both ? "are" : "is")} larger than its input {Name(a)} {failure.Input}{paddedNote}; use a {what} of at most {padded} or add padding");
            default:
                throw Unexpected.Value(failure.Kind);
        }
    }

    private void ReportAxes(AxisMessage? height, AxisMessage? width)
    {
        if (height is not null && width is not null && height.Key == width.Key)
        {
            _diagnostics.Add(height.Id, height.Span, height.Message(Axis.Both));
            return;
        }

        if (height is not null)
        {
            _diagnostics.Add(height.Id, height.Span, height.Message(Axis.Height));
        }

        if (width is not null)
        {
            _diagnostics.Add(width.Id, width.Span, width.Message(Axis.Width));
        }
    }

    private static string Name(Axis axis) => axis switch
    {
        Axis.Height => "height",
        Axis.Width => "width",
        _ => "height and width",
    };

    private static string Count(long count, Axis axis)
    {
        string Unit(string noun) => count == 1 ? noun : noun + "s";
        return axis switch
        {
            Axis.Height => $"{count} {Unit("row")}",
            Axis.Width => $"{count} {Unit("column")}",
            _ => $"{count} {Unit("row")} and {count} {Unit("column")}",
        };
    }

    /// <summary>Which spatial dimension a message is about; <see cref="Both"/> when height and width fail alike.</summary>
    private enum Axis
    {
        Height,
        Width,
        Both,
    }

    /// <summary>A problem with one spatial dimension, reported once for both when only the axis differs.</summary>
    private sealed record AxisMessage(string Id, SourceSpan Span, Func<Axis, string> Message)
    {
        /// <summary>Equal for height and width when only the axis differs.</summary>
        public string Key => Id + Span + Message(Axis.Both);
    }
}
