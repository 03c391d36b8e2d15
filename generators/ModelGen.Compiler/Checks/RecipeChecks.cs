using System.Linq;
using ModelGen.Compiler.Binding;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Compiler.Checks;

/// <summary>
/// Rules for the training recipe: augmentation and test-time augmentation need images that they fit, label smoothing
/// needs labels, and a parameter group must match some parameters.
/// </summary>
internal sealed class RecipeChecks
{
    private readonly BoundSpec _spec;
    private readonly DiagnosticBag _diagnostics;

    public RecipeChecks(BoundSpec spec, DiagnosticBag diagnostics)
    {
        _spec = spec;
        _diagnostics = diagnostics;
    }

    /// <summary>Reports what is wrong; false when an error rules out training.</summary>
    public bool Check()
    {
        var errors = _diagnostics.ErrorCount;
        CheckLabelSmoothing();
        CheckImageInput();
        CheckParameterGroups();
        return _diagnostics.ErrorCount == errors;
    }

    private void CheckLabelSmoothing()
    {
        var training = _spec.Training;
        if (training.LabelSmoothing > 0 && training.Loss == LossFunction.MeanSquaredError &&
            _spec.Syntax.Training.Get<NumberValue>(SpecKeys.LabelSmoothing) is { } written)
        {
            _diagnostics.Add(DiagnosticIds.ConflictingSettings, written.Span,
                "label_smoothing softens class labels, but loss: mse has none (it is regression); remove label_smoothing or use a classification loss");
        }
    }

    /// <summary>Augmentations and test-time flips work on [C, H, W] images, and must fit inside them.</summary>
    private void CheckImageInput()
    {
        var syntax = _spec.Syntax;
        if (syntax.Input?.Value is not { } input)
        {
            return;
        }

        var tta = syntax.Training.Get<ChoiceValue>(SpecKeys.TestTimeAugmentation);
        if (input.Count != 3)
        {
            if (syntax.AugmentSpan is { } augment && syntax.Augment.Count > 0)
            {
                _diagnostics.Add(DiagnosticIds.ConflictingSettings, augment,
                    $"augment changes images, but the input {Common.Invariant.Shape(input)} is not [channels, height, width]; remove augment");
            }

            if (tta is not null && _spec.Training.TestTimeAugmentation != TestTimeAugmentation.None)
            {
                _diagnostics.Add(DiagnosticIds.ConflictingSettings, tta.Span,
                    $"test_time_augmentation: {tta.Name} mirrors images, but the input {Common.Invariant.Shape(input)} is not [channels, height, width]; remove it");
            }

            return;
        }

        var (height, width) = (input[1], input[2]);
        var crop = syntax.Augment.FirstOrDefault(a => a.Info == RecipeCatalogue.Crop)?.Settings.Get<IntegerValue>(RecipeKeys.CropPadding);
        if (crop is not null && (crop.Value >= height || crop.Value >= width))
        {
            _diagnostics.Add(DiagnosticIds.ConflictingSettings, crop.Span,
                $"crop padding {crop.Value} must be smaller than the image ({height}x{width}): a crop would show no pixel of it, and reflect padding cannot mirror that far; use at most {Math.Min(height, width) - 1}");
        }

        var cutout = syntax.Augment.FirstOrDefault(a => a.Info == RecipeCatalogue.Cutout)?.Settings.Get<IntegerValue>(RecipeKeys.CutoutSize);
        if (cutout is not null && (cutout.Value > height || cutout.Value > width))
        {
            _diagnostics.Add(DiagnosticIds.ConflictingSettings, cutout.Span,
                $"cutout size {cutout.Value} is larger than the image ({height}x{width}); use at most {Math.Min(height, width)}");
        }
    }

    /// <summary>A group that matches no parameter has no effect: probably a layer was removed, or the group misnamed.</summary>
    private void CheckParameterGroups()
    {
        var layers = _spec.Layers.Select(l => l.Layer).ToList();
        foreach (var group in _spec.Syntax.ParameterGroups)
        {
            var matches = group.Info == RecipeCatalogue.BatchNormGroup
                ? layers.Any(l => l is BatchNormLayer)
                : layers.Any(l => l is Conv2dLayer { Bias: true } or DenseLayer { Bias: true });
            if (!matches)
            {
                var what = group.Info == RecipeCatalogue.BatchNormGroup ? "the model has no batch_norm layer" : "no conv2d or dense layer has a bias";
                _diagnostics.Add(DiagnosticIds.UnusedSetting, group.TypeSpan,
                    $"parameter_groups.{group.Info.Name} has no effect: {what}; remove it");
            }
        }
    }
}
