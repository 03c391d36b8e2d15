using System.Collections.Immutable;
using ModelGen.Formats;
using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// How a generated model's outputs become a loss, predictions and metrics: the one place that reads
/// <see cref="IGeneratedModel.OutputKind"/>. Training and evaluation both go through it, so a prediction during an
/// epoch and in the final evaluation follow the same rule.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="ModelOutputKind.Probabilities"/>: the class with the highest probability (softmax of
/// <c>ForwardLogits</c> when the loss used those, else <c>forward</c> as it is).</item>
/// <item><see cref="ModelOutputKind.Logits"/>: softmax, then the most probable class.</item>
/// <item><see cref="ModelOutputKind.LogProbabilities"/>: exp, then the most probable class.</item>
/// <item><see cref="ModelOutputKind.Sigmoid"/>: each output is a yes/no decision, yes when the probability is above
/// 0.5; the score is the probability of the decision taken (p or 1 - p). One output is a binary classifier.</item>
/// <item><see cref="ModelOutputKind.Regression"/>: the outputs are the predicted values; mean squared and absolute
/// errors instead of accuracy.</item>
/// </list>
/// </remarks>
internal sealed class OutputRules
{
    /// <summary>The smallest positive float32 with full precision (2^-126).</summary>
    private const float SmallestNormalFloat = 1.17549435E-38f;

    private readonly LossFunction _loss;
    private readonly double _labelSmoothing;
    private readonly TestTimeAugmentation _testTimeAugmentation;

    internal OutputRules(string modelName, ModelOutputKind kind, LossFunction loss, ImmutableArray<long> outputShape,
        double labelSmoothing = 0, TestTimeAugmentation testTimeAugmentation = TestTimeAugmentation.None)
    {
        ModelName = modelName;
        Kind = kind;
        _loss = loss;
        OutputShape = outputShape;
        _labelSmoothing = labelSmoothing;
        _testTimeAugmentation = testTimeAugmentation;
    }

    /// <summary>The rules of <typeparamref name="TModel"/>.</summary>
    public static OutputRules For<TModel>()
        where TModel : IGeneratedModel =>
        new(TModel.ModelName, TModel.OutputKind, TModel.Training.Loss, TModel.OutputShape, TModel.Training.LabelSmoothing, TModel.Training.TestTimeAugmentation);

    public string ModelName { get; }

    public ModelOutputKind Kind { get; }

    /// <summary>One sample's output shape, without the batch dimension.</summary>
    public ImmutableArray<long> OutputShape { get; }

    public bool IsRegression => Kind == ModelOutputKind.Regression;

    /// <summary>Values per sample's output.</summary>
    public long OutputSize => OutputShape.Aggregate(1L, (product, size) => product * size);

    /// <summary>Rows and columns of the confusion matrix: the classes, or no/yes for sigmoid outputs.</summary>
    public int ClassCount => Kind == ModelOutputKind.Sigmoid ? 2 : (int)OutputShape[^1];

    /// <summary>Whether each sample gets exactly one predicted class (all classifiers but multi-output sigmoid).</summary>
    public bool OneDecisionPerSample => !IsRegression && (Kind != ModelOutputKind.Sigmoid || OutputSize == 1);

    /// <summary>
    /// The outputs the loss is computed from (<see cref="Losses.ModelOutputs"/>). A model in eval mode with test-time
    /// augmentation averages them over views of the images (<see cref="AverageOverViews"/>).
    /// </summary>
    public Tensor Outputs<TModel>(TModel model, Tensor inputs)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel =>
        model.training ? _loss.ModelOutputs(model, inputs) : AverageOverViews(inputs, views => _loss.ModelOutputs(model, views));

    /// <summary>
    /// What <see cref="Outputs"/> returns in eval mode, for a model opened for inference (an exported file in its
    /// runtime): <see cref="OutputsFromForward"/> of its <c>Forward</c>, averaged over the same views of the images
    /// as stored (uint8 pictures move and mirror as they are). Where <see cref="Outputs"/> averages logits, this
    /// averages log-probabilities, which differ from them by one number per image and view; so the softmax, the
    /// predictions and the cross-entropy are the same.
    /// </summary>
    public Tensor InferenceOutputs(IInferenceModel model, Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        return AverageOverViews(inputs, views => OutputsFromForward(model.Forward(views)));
    }

    /// <summary>
    /// The spec's test-time augmentation: the outputs <paramref name="outputsOf"/> gives for views of a batch of
    /// images, averaged: flip, the images and their mirror images; flip_translate, half that and half the same for
    /// the images moved by one pixel down-right and up-left (the edge they leave filled by reflection). Without
    /// test-time augmentation, or for inputs that are not images, the outputs of the inputs themselves.
    /// </summary>
    private Tensor AverageOverViews(Tensor inputs, Func<Tensor, Tensor> outputsOf)
    {
        if (_testTimeAugmentation == TestTimeAugmentation.None || inputs.dim() != 4)
        {
            return outputsOf(inputs);
        }

        var outputs = MirrorAverage(inputs, outputsOf);
        if (_testTimeAugmentation == TestTimeAugmentation.FlipTranslate)
        {
            using var movedDownRight = MovedOnePixel(inputs, step: -1);
            using var movedUpLeft = MovedOnePixel(inputs, step: 1);
            using var downRightOutputs = MirrorAverage(movedDownRight, outputsOf);
            using var upLeftOutputs = MirrorAverage(movedUpLeft, outputsOf);
            outputs = outputs.mul_(0.5).add_(downRightOutputs, alpha: 0.25).add_(upLeftOutputs, alpha: 0.25);
        }

        return outputs;
    }

    private static Tensor MirrorAverage(Tensor inputs, Func<Tensor, Tensor> outputsOf)
    {
        var outputs = outputsOf(inputs);
        using var mirrored = inputs.flip(3);
        using var mirroredOutputs = outputsOf(mirrored);
        return outputs.add_(mirroredOutputs).div_(2);
    }

    /// <summary>
    /// Images <c>[N, C, H, W]</c> of any type moved by one pixel: pixel (y, x) of the result is pixel (y + step,
    /// x + step) of the image, reflected at the edges (step -1 moves the picture down-right: its first row is row 1).
    /// A channels-last batch (the trainer's evaluation batches) gives a channels-last result, on which convolutions run
    /// faster; index_select alone returns the standard layout.
    /// </summary>
    private static Tensor MovedOnePixel(Tensor images, int step)
    {
        using var rows = ReflectedIndex(images.shape[2], step, images.device);
        using var columns = ReflectedIndex(images.shape[3], step, images.device);
        using var movedRows = images.index_select(2, rows);
        var moved = movedRows.index_select(3, columns);
        if (!ChannelsLast.IsChannelsLast(images))
        {
            return moved;
        }

        using (moved)
        {
            return ChannelsLast.Of(moved);
        }
    }

    private static Tensor ReflectedIndex(long size, int step, Device device)
    {
        var index = new long[size];
        for (long i = 0; i < size; i++)
        {
            var source = i + step;
            // A single row or column has no neighbour to reflect: it stays.
            index[i] = size < 2 ? i : source < 0 ? -source : source >= size ? (2 * (size - 1)) - source : source;
        }

        return tensor(index, device: device);
    }

    /// <summary>
    /// What <see cref="Outputs"/> would have returned, from what <c>forward</c> returned (a model run elsewhere, such as
    /// an exported model in ONNX Runtime, gives only those). The same except when the loss uses the logits before a
    /// final softmax: then the log-probabilities stand in for them, which are logits of the same probabilities
    /// (softmax(log p) = p), so predictions are unchanged and the cross-entropy is -log p. Probabilities are clamped to
    /// the smallest normal float first, so an underflowed probability gives a large loss instead of an infinite one.
    /// </summary>
    public Tensor OutputsFromForward(Tensor forwardOutputs) =>
        Kind == ModelOutputKind.Probabilities && _loss.UsesLogits() ? forwardOutputs.clamp_min(SmallestNormalFloat).log() : forwardOutputs;

    /// <summary>The batch's mean loss.</summary>
    public Tensor Loss(Tensor outputs, Tensor targets) => _loss.Compute(outputs, targets, _labelSmoothing);

    /// <summary>
    /// The decisions of a classifier's batch, flattened to one per decision: predicted class (int64), the probability
    /// of that class, and the true class (int64).
    /// </summary>
    /// <param name="outputs">What <see cref="Outputs"/> returned.</param>
    /// <param name="targets">The batch's targets.</param>
    public (Tensor Predicted, Tensor Scores, Tensor Actual) Classify(Tensor outputs, Tensor targets)
    {
        var (predicted, scores) = Decide(outputs);
        var actual = Kind != ModelOutputKind.Sigmoid ? targets
            : targets.dtype == ScalarType.Int64 ? targets.reshape(-1)
            : targets.reshape(-1).gt(0.5).to(ScalarType.Int64);
        return (predicted, scores, actual);
    }

    /// <summary>
    /// A classifier's decisions, flattened to one per decision: the predicted class (int64) and its probability.
    /// </summary>
    /// <param name="outputs">What <see cref="Outputs"/> returned.</param>
    public (Tensor Predicted, Tensor Scores) Decide(Tensor outputs)
    {
        if (Kind == ModelOutputKind.Sigmoid)
        {
            var probabilities = outputs.reshape(-1);
            var yes = probabilities.gt(0.5);
            return (yes.to(ScalarType.Int64), where(yes, probabilities, 1 - probabilities));
        }

        if (IsRegression)
        {
            throw new InvalidOperationException($"{ModelName} is a regression model: its outputs are values, not classes.");
        }

        var (scores, predicted) = ClassProbabilities(outputs).max(1);
        return (predicted, scores);
    }

    /// <summary>
    /// A classifier's probability of every class, <c>[N, classes]</c>, from what <see cref="Outputs"/> or
    /// <see cref="InferenceOutputs"/> returned (a one-output sigmoid model's classes are 0, no, and 1, yes).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is a regression model, or a sigmoid model with several outputs.</exception>
    public Tensor ClassProbabilities(Tensor outputs)
    {
        if (!OneDecisionPerSample)
        {
            throw new InvalidOperationException(
                $"{ModelName} does not predict one class per input ({Kind} with {OutputSize} outputs): its outputs are values.");
        }

        return Kind switch
        {
            ModelOutputKind.Sigmoid => stack([1 - outputs.reshape(-1), outputs.reshape(-1)], 1),
            ModelOutputKind.Probabilities => _loss.UsesLogits() ? outputs.softmax(1) : outputs,
            ModelOutputKind.Logits => outputs.softmax(1),
            _ => outputs.exp(),
        };
    }

    /// <summary>
    /// A regression batch's sums over every output value, as a float64 tensor [4] on the outputs' device: squared
    /// errors, absolute errors, targets, squared targets.
    /// </summary>
    public Tensor ErrorSums(Tensor outputs, Tensor targets)
    {
        var values = targets.to(ScalarType.Float64).reshape(outputs.shape);
        var difference = outputs.to(ScalarType.Float64) - values;
        return stack([difference.square().sum(), difference.abs().sum(), values.sum(), values.square().sum()]);
    }

    /// <summary>
    /// What is wrong with <paramref name="targets"/> for this model, in a sentence that says how to fix it; or
    /// <see langword="null"/> when they fit. Class indices are range-checked too.
    /// </summary>
    public string? TargetProblem(Tensor targets)
    {
        var n = targets.shape[0];
        var actual = $"{targets.dtype} [{string.Join(", ", targets.shape)}]";
        if (Kind is ModelOutputKind.Probabilities or ModelOutputKind.Logits or ModelOutputKind.LogProbabilities)
        {
            if (targets.dtype != ScalarType.Int64 || targets.dim() != 1)
            {
                return $"{ModelName} is a classifier, so its targets must be int64 class indices shaped [{n}], not {actual}. " +
                    "One-hot rows become indices with targets.argmax(1), whole-number values with targets.to_type(ScalarType.Int64).";
            }

            return ClassRangeProblem(targets, ClassCount);
        }

        var valuesShape = "[" + string.Join(", ", new[] { n }.Concat(OutputShape)) + "]";
        var oneValue = OutputSize == 1;
        var fits = targets.dtype == ScalarType.Float32
            && (targets.shape.AsSpan(1).SequenceEqual(OutputShape.AsSpan()) || (oneValue && targets.dim() == 1));
        if (Kind == ModelOutputKind.Sigmoid && oneValue && targets.dtype == ScalarType.Int64 && targets.dim() == 1)
        {
            return ClassRangeProblem(targets, 2);
        }

        if (fits)
        {
            return null;
        }

        var shapes = oneValue ? $"[{n}] or {valuesShape}" : valuesShape;
        return Kind == ModelOutputKind.Sigmoid
            ? $"{ModelName} ends with sigmoid, so its targets must be float32 values from 0 to 1 shaped {shapes}" +
              (oneValue ? $" (or int64 0/1 labels shaped [{n}])" : string.Empty) + $", not {actual}."
            : $"{ModelName} is a regression model, so its targets must be float32 values shaped {shapes}, not {actual}." +
              (targets.dtype != ScalarType.Float32 ? " Convert them with targets.to_type(ScalarType.Float32)." : string.Empty);
    }

    private string? ClassRangeProblem(Tensor labels, int classes)
    {
        if (labels.shape[0] == 0)
        {
            return null;
        }

        using var scope = NewDisposeScope();
        var lowest = labels.min().item<long>();
        var highest = labels.max().item<long>();
        return lowest >= 0 && highest < classes
            ? null
            : $"its targets hold class {(lowest < 0 ? lowest : highest)}, but {ModelName} has {classes} classes (0-{classes - 1}).";
    }
}
