using System.Globalization;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// Adds up a pass's loss and metrics batch by batch, as <see cref="OutputRules"/> says: a confusion matrix (and a few
/// sample predictions) for classifiers, squared and absolute errors for regression.
/// </summary>
internal sealed class MetricAccumulator
{
    private readonly OutputRules _rules;
    private readonly ConfusionMatrix? _confusion;
    private readonly IReadOnlySet<long> _wantedSamples;
    private readonly List<Prediction> _samples = new();
    private double _lossSum;
    private double _squaredErrors;
    private double _absoluteErrors;
    private double _targetSum;
    private double _targetSquares;

    /// <param name="rules">The model's output rules.</param>
    /// <param name="classNames">Names for the confusion matrix, one per class; default: the class numbers.</param>
    /// <param name="wantedSamples">Positions in the pass whose predictions are kept (classifiers with one decision per sample).</param>
    public MetricAccumulator(OutputRules rules, IReadOnlyList<string>? classNames = null, IReadOnlySet<long>? wantedSamples = null)
    {
        _rules = rules;
        _wantedSamples = wantedSamples ?? new HashSet<long>();
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

        _confusion = new ConfusionMatrix(
            classNames ?? Enumerable.Range(0, rules.ClassCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Samples added so far.</summary>
    public long Samples { get; private set; }

    /// <summary>Mean loss per sample so far.</summary>
    public double MeanLoss => _lossSum / Math.Max(1, Samples);

    /// <summary>Fraction of correct decisions so far; <see langword="null"/> for regression.</summary>
    public double? Accuracy => _confusion?.Accuracy;

    /// <summary>Mean squared error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanSquaredError => _rules.IsRegression ? _squaredErrors / Math.Max(1, Samples * _rules.OutputSize) : null;

    /// <summary>Mean absolute error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanAbsoluteError => _rules.IsRegression ? _absoluteErrors / Math.Max(1, Samples * _rules.OutputSize) : null;

    /// <summary>
    /// A regression model's coefficient of determination, 1 - MSE / Var(targets) over every output value (scikit-learn's
    /// <c>r2_score</c> for one output); null for classifiers, or when the targets do not vary.
    /// </summary>
    public double? RSquared
    {
        get
        {
            var values = Samples * _rules.OutputSize;
            if (!_rules.IsRegression || values == 0)
            {
                return null;
            }

            var mean = _targetSum / values;
            var variance = (_targetSquares / values) - (mean * mean);
            return variance > 1e-12 ? 1 - (MeanSquaredError!.Value / variance) : null;
        }
    }

    /// <summary>Counts one batch.</summary>
    /// <param name="outputs">The model's outputs for the batch (as <see cref="OutputRules.Outputs"/> computed them).</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="meanLoss">The batch's mean loss.</param>
    public void Add(Tensor outputs, Tensor targets, double meanLoss)
    {
        var count = targets.shape[0];
        _lossSum += meanLoss * count;
        using (var scope = NewDisposeScope())
        {
            var detached = outputs.detach();
            if (_confusion is null)
            {
                var (squared, absolute) = _rules.Errors(detached, targets);
                _squaredErrors += squared;
                _absoluteErrors += absolute;
                var values = targets.to(ScalarType.Float64);
                _targetSum += values.sum().item<double>();
                _targetSquares += values.square().sum().item<double>();
            }
            else
            {
                Count(_confusion, detached, targets);
            }
        }

        Samples += count;
    }

    /// <summary>The result of the whole pass.</summary>
    public EvaluationResult ToResult() =>
        _confusion is null
            ? EvaluationResult.ForRegression(MeanLoss, Samples, MeanSquaredError!.Value, MeanAbsoluteError!.Value, RSquared)
            : EvaluationResult.ForClassifier(MeanLoss, Samples, _confusion, _samples);

    private void Count(ConfusionMatrix matrix, Tensor outputs, Tensor targets)
    {
        var (predicted, scores, actual) = _rules.Classify(outputs, targets);
        var predictedClasses = predicted.cpu().data<long>().ToArray();
        var actualClasses = actual.cpu().data<long>().ToArray();
        for (var i = 0; i < predictedClasses.Length; i++)
        {
            matrix.Add((int)actualClasses[i], (int)predictedClasses[i]);
        }

        if (_wantedSamples.Count == 0 || !_rules.OneDecisionPerSample || !Enumerable.Range(0, predictedClasses.Length).Any(i => _wantedSamples.Contains(Samples + i)))
        {
            return;
        }

        var scoreValues = scores.cpu().data<float>().ToArray();
        for (var i = 0; i < predictedClasses.Length; i++)
        {
            if (_wantedSamples.Contains(Samples + i))
            {
                _samples.Add(new Prediction((int)(Samples + i), (int)actualClasses[i], (int)predictedClasses[i], scoreValues[i]));
            }
        }
    }
}
