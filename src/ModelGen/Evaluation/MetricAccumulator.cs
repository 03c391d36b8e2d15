using System.Globalization;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// Adds up a pass's loss and metrics batch by batch, as <see cref="OutputRules"/> says: a confusion matrix (and a few
/// sample predictions) for classifiers, squared and absolute errors for regression.
/// </summary>
internal sealed class MetricAccumulator
{
    private readonly OutputRules rules;
    private readonly ConfusionMatrix? confusion;
    private readonly IReadOnlySet<long> wantedSamples;
    private readonly List<Prediction> samples = new();
    private double lossSum;
    private double squaredErrors;
    private double absoluteErrors;

    /// <param name="rules">The model's output rules.</param>
    /// <param name="classNames">Names for the confusion matrix, one per class; default: the class numbers.</param>
    /// <param name="wantedSamples">Positions in the pass whose predictions are kept (classifiers with one decision per sample).</param>
    public MetricAccumulator(OutputRules rules, IReadOnlyList<string>? classNames = null, IReadOnlySet<long>? wantedSamples = null)
    {
        this.rules = rules;
        this.wantedSamples = wantedSamples ?? new HashSet<long>();
        if (rules.IsRegression)
        {
            return;
        }

        if (classNames is not null && classNames.Count != rules.ClassCount)
        {
            throw new ArgumentException(
                $"{classNames.Count} class names were given, but {rules.ModelName} tells {rules.ClassCount} classes apart: pass one name per class, in label order.",
                nameof(classNames));
        }

        confusion = new ConfusionMatrix(
            classNames ?? Enumerable.Range(0, rules.ClassCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Samples added so far.</summary>
    public long Samples { get; private set; }

    /// <summary>Mean loss per sample so far.</summary>
    public double MeanLoss => lossSum / Math.Max(1, Samples);

    /// <summary>Fraction of correct decisions so far; <see langword="null"/> for regression.</summary>
    public double? Accuracy => confusion?.Accuracy;

    /// <summary>Mean squared error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanSquaredError => rules.IsRegression ? squaredErrors / Math.Max(1, Samples * rules.OutputSize) : null;

    /// <summary>Mean absolute error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanAbsoluteError => rules.IsRegression ? absoluteErrors / Math.Max(1, Samples * rules.OutputSize) : null;

    /// <summary>Counts one batch.</summary>
    /// <param name="outputs">The model's outputs for the batch (as <see cref="OutputRules.Outputs"/> computed them).</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="meanLoss">The batch's mean loss.</param>
    public void Add(Tensor outputs, Tensor targets, double meanLoss)
    {
        var count = targets.shape[0];
        lossSum += meanLoss * count;
        using (var scope = NewDisposeScope())
        {
            var detached = outputs.detach();
            if (confusion is null)
            {
                var (squared, absolute) = rules.Errors(detached, targets);
                squaredErrors += squared;
                absoluteErrors += absolute;
            }
            else
            {
                Count(confusion, detached, targets);
            }
        }

        Samples += count;
    }

    /// <summary>The result of the whole pass.</summary>
    public EvaluationResult ToResult() =>
        confusion is null
            ? EvaluationResult.ForRegression(MeanLoss, Samples, MeanSquaredError!.Value, MeanAbsoluteError!.Value)
            : EvaluationResult.ForClassifier(MeanLoss, Samples, confusion, samples);

    private void Count(ConfusionMatrix matrix, Tensor outputs, Tensor targets)
    {
        var (predicted, scores, actual) = rules.Classify(outputs, targets);
        var predictedClasses = predicted.cpu().data<long>().ToArray();
        var actualClasses = actual.cpu().data<long>().ToArray();
        for (var i = 0; i < predictedClasses.Length; i++)
        {
            matrix.Add((int)actualClasses[i], (int)predictedClasses[i]);
        }

        if (wantedSamples.Count == 0 || !rules.OneDecisionPerSample || !Enumerable.Range(0, predictedClasses.Length).Any(i => wantedSamples.Contains(Samples + i)))
        {
            return;
        }

        var scoreValues = scores.cpu().data<float>().ToArray();
        for (var i = 0; i < predictedClasses.Length; i++)
        {
            if (wantedSamples.Contains(Samples + i))
            {
                samples.Add(new Prediction((int)(Samples + i), (int)actualClasses[i], (int)predictedClasses[i], scoreValues[i]));
            }
        }
    }
}
