using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Compiler.Checks;

/// <summary>
/// Rules that need several settings together: the training section's conflicts and no-ops, whether the output agrees
/// with the declared classes and the loss, and whether the spec's defaults are used at all.
/// </summary>
internal sealed class SettingChecks
{
    private readonly BoundSpec _spec;
    private readonly DiagnosticBag _diagnostics;

    public SettingChecks(BoundSpec spec, DiagnosticBag diagnostics)
    {
        _spec = spec;
        _diagnostics = diagnostics;
    }

    /// <summary>The training section's rules; false when it has an error that rules out training at all.</summary>
    public bool CheckTraining()
    {
        var training = _spec.Training;
        var syntax = _spec.Syntax;
        if (training.Optimizer is SgdOptimizer { Nesterov: true, Momentum: 0 })
        {
            _diagnostics.Add(DiagnosticIds.ConflictingSettings, syntax.Optimizer!.SpanOf(OptimizerKeys.Nesterov),
                "nesterov: true needs momentum greater than 0 (PyTorch rejects it otherwise); add e.g. momentum: 0.9");
            return false;
        }

        if (syntax.Schedule is { } schedule && training.Schedule.Kind is ScheduleKind.Exponential or ScheduleKind.Step && training.Epochs == 1)
        {
            _diagnostics.Add(DiagnosticIds.UnusedSetting, schedule.TypeSpan,
                $"the {schedule.Info.Name} schedule changes the learning rate between epochs, but epochs is 1; remove the schedule or train for more epochs");
        }
        else if (syntax.Schedule?.Settings.Get<IntegerValue>(ScheduleKeys.StepSize) is { } stepSize && stepSize.Value >= training.Epochs)
        {
            // step_size is absent when it was missing or invalid; that has its own error.
            _diagnostics.Add(DiagnosticIds.UnusedSetting, stepSize.Span,
                $"step_size {stepSize.Value} is not less than epochs {training.Epochs}, so the learning rate never decays; use a smaller step_size");
        }

        CheckNormalizeCount(SpecKeys.Mean);
        CheckNormalizeCount(SpecKeys.Std);
        return true;
    }

    /// <summary>
    /// whitening is computed from the model's input images (the first training images, normalised) before training,
    /// so it must be the first layer: any layer before it would change what it sees after its filters were computed.
    /// </summary>
    public void CheckPlacement(BoundLayer layer)
    {
        if (layer.Layer is WhiteningLayer && layer.Syntax.Index > 0)
        {
            _diagnostics.Add(DiagnosticIds.LayerMustComeFirst, layer.Syntax.Tagged.TypeSpan,
                $"whitening '{layer.Layer.Name}' is layer {layer.Syntax.Index + 1}, but its filters are computed from the input images before training, so it must be the first layer; move it to the top of layers: (or remove it)");
        }
    }

    /// <summary>One value for all channels, or one per image channel.</summary>
    private void CheckNormalizeCount(KeyInfo key)
    {
        if (_spec.Syntax.Normalize.Get<NumbersValue>(key) is not { } written)
        {
            return;
        }

        var input = _spec.Syntax.Input?.Value ?? default;
        var channels = input.Count == 3 ? input[0] : 1;
        var count = written.Value.Count;
        if (count != 1 && count != channels)
        {
            _diagnostics.Add(DiagnosticIds.ConflictingSettings, written.Span, input.Count == 3
                ? $"normalize.{key.Name} has {count} values, but the input has {channels} channels; give one value, or {channels}"
                : $"normalize.{key.Name} has {count} values, but a flat input has no channels; give one value");
        }
    }

    public void CheckClasses(IReadOnlyList<LayerNode> nodes)
    {
        if (_spec.Syntax.Classes is not { } declared || nodes.Count == 0)
        {
            return;
        }

        var classes = declared.Value;
        var output = nodes[nodes.Count - 1].OutputShape;
        var last = _spec.Layers[nodes.Count - 1].Syntax;
        var producer = _spec.Layers.Take(nodes.Count).LastOrDefault(l => l.Layer is DenseLayer or Conv2dLayer)?.Syntax ?? last;
        if (output.Count != 1)
        {
            _diagnostics.Add(DiagnosticIds.ClassesMismatch, last.Tagged.TypeSpan,
                $"the model outputs {Invariant.Shape(output)} per sample, but classes: {classes} needs a flat [{classes}]; end with flatten and dense: {classes}");
        }
        else if (output[0] != classes)
        {
            var span = producer.Tagged.Info == LayerCatalogue.Dense ? producer.Tagged.SpanOf(LayerKeys.Units) : producer.Tagged.TypeSpan;
            _diagnostics.Add(DiagnosticIds.ClassesMismatch, span,
                $"the model outputs {output[0]} values per sample, but the spec declares classes: {classes}; give the last dense layer units: {classes}");
        }
    }

    /// <summary>A model whose weights cannot fit in any machine's memory is said so at build time, naming its largest layer.</summary>
    public void CheckSize(IReadOnlyList<LayerNode> nodes)
    {
        var parameters = nodes.Aggregate(0L, (sum, node) => checked(sum + node.ParameterCount));
        if (parameters <= SpecLimits.MaxParametersInMemory)
        {
            return;
        }

        var largest = nodes.Select((node, index) => (node, index)).OrderByDescending(n => n.node.ParameterCount).First();
        var syntax = _spec.Layers[largest.index].Syntax;
        var weights = parameters * 4.0;
        _diagnostics.Add(DiagnosticIds.ModelTooLarge, syntax.Tagged.TypeSpan, string.Format(CultureInfo.InvariantCulture,
            "the model has {0:N0} parameters: {1} of float32 weights, and about {2} to train with Adam (weights, gradients and two moment estimates); {3} '{4}' alone has {5:N0}. Make it smaller, e.g. pool or stride before flattening, or fewer units",
            parameters, Bytes(weights), Bytes(weights * 4), syntax.Type, largest.node.Name, largest.node.ParameterCount));
    }

    private static string Bytes(double bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB", "ZB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return string.Format(CultureInfo.InvariantCulture, "{0:0.#} {1}", bytes, units[unit]);
    }

    /// <summary>A loss the spec names must suit what the network ends with (read from the model's output facts).</summary>
    public void CheckLoss(IReadOnlyList<LayerNode> nodes)
    {
        if (nodes.Count == 0 || _spec.Syntax.Training.Get<ChoiceValue>(SpecKeys.Loss) is not { } lossValue)
        {
            return;
        }

        var layers = nodes.Select(n => n.Layer).ToList();
        var final = OutputFacts.FinalActivation(layers);
        var last = layers[layers.Count - 1];
        var lastType = LayerCatalogue.NameOf(last);
        switch (_spec.Training.Loss)
        {
            case LossFunction.CrossEntropy when final is SoftmaxActivation:
                _diagnostics.Add(DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, _spec.Layers[layers.Count - 1].Syntax.Tagged.TypeSpan,
                    "the model ends with softmax, and loss cross_entropy applies log-softmax itself; the runtime trains on the output before the softmax (ForwardLogits), so softmax is not applied twice, while forward still returns probabilities. Say loss: categorical_cross_entropy to state this, or remove the softmax to make forward return logits");
                break;
            case LossFunction.CategoricalCrossEntropy when final is not SoftmaxActivation:
                _diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss categorical_cross_entropy expects the model to end with softmax, but it ends with {lastType}; the runtime treats the outputs as logits and applies log-softmax. Say loss: cross_entropy to state this, or end the model with softmax");
                break;
            case LossFunction.NegativeLogLikelihood when final is not LogSoftmaxActivation:
                _diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss nll expects log-probabilities, but the model ends with {lastType}, not log_softmax; the runtime uses the outputs as they are, which trains the wrong objective. End the model with log_softmax, or use loss: cross_entropy");
                break;
            case LossFunction.BinaryCrossEntropy when final is not SigmoidActivation:
                _diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss binary_cross_entropy expects probabilities in [0, 1], but the model ends with {lastType}, not sigmoid; end the model with sigmoid");
                break;
        }
    }

    /// <summary>
    /// A callback can watch only a figure the model has: accuracy for classifiers, the mean absolute error for
    /// regression (the output kind decides, as it decides the metrics the runtime reports).
    /// </summary>
    public void CheckMonitors(IReadOnlyList<LayerNode> nodes)
    {
        if (nodes.Count == 0)
        {
            return;
        }

        var regression = OutputFacts.OutputKindOf(nodes.Select(n => n.Layer).ToList(), _spec.Training.Loss) == ModelOutputKind.Regression;
        foreach (var section in _spec.Syntax.Callbacks)
        {
            if (section.Value.Get<ChoiceValue>(CallbackKeys.Monitor) is not { } monitor)
            {
                continue;
            }

            var metric = Choices.Monitors[monitor.Name];
            var validation = MonitoredMetricNames.IsValidation(metric);
            if (regression && metric is MonitoredMetric.ValidationAccuracy or MonitoredMetric.Accuracy)
            {
                _diagnostics.Add(DiagnosticIds.ConflictingSettings, monitor.Span,
                    $"{section.Key.Name} monitors {monitor.Name}, but the model is a regression model (mse loss, no final activation), which has no accuracy; monitor {(validation ? "val_mae or val_loss" : "mae or loss")}");
            }
            else if (!regression && metric is MonitoredMetric.ValidationMeanAbsoluteError or MonitoredMetric.MeanAbsoluteError)
            {
                _diagnostics.Add(DiagnosticIds.ConflictingSettings, monitor.Span,
                    $"{section.Key.Name} monitors {monitor.Name}, but the model is a classifier, whose figure is accuracy, not a mean absolute error; monitor {(validation ? "val_accuracy or val_loss" : "accuracy or loss")}");
            }
        }
    }

    /// <summary>A model-wide default that no conv2d or dense layer relies on does nothing.</summary>
    public void CheckDefaultsUsed()
    {
        foreach (var entry in _spec.Syntax.Defaults.Written)
        {
            var layerKey = entry.Key == SpecKeys.DefaultBiasInit ? LayerKeys.BiasInit : LayerKeys.WeightInit;
            var used = _spec.Syntax.Layers.Any(l =>
                (l.Tagged.Info == LayerCatalogue.Conv2d || l.Tagged.Info == LayerCatalogue.Dense) && !l.Tagged.Settings.Has(layerKey) &&
                (layerKey != LayerKeys.BiasInit || Binder.Boolean(l.Tagged.Settings, LayerKeys.Bias)));
            if (!used)
            {
                _diagnostics.Add(DiagnosticIds.UnusedSetting, entry.Value.Span,
                    $"defaults.{entry.Key.Name} is not used: no conv2d or dense layer relies on it; remove it");
            }
        }
    }
}
