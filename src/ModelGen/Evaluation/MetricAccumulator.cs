using System.Globalization;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// Adds up a pass's loss and metrics batch by batch, as <see cref="OutputRules"/> says: a confusion matrix (and a few
/// sample predictions) for classifiers, squared and absolute errors for regression. The sums stay on the model's
/// device and are read back only when a figure is asked for, so counting a batch does not wait for the device (the
/// trainer reads them at progress-bar rate, not per batch); only a batch holding a wanted sample prediction is read at
/// once.
/// </summary>
internal sealed class MetricAccumulator : IDisposable
{
    private readonly OutputRules _rules;
    private readonly IReadOnlyList<string>? _classNames;
    private readonly IReadOnlySet<long> _wantedSamples;
    private readonly List<Prediction> _samples = new();

    // On the device: the loss summed over samples (float64 scalar); a classifier's (actual, predicted) counts, flattened
    // as actual x classes + predicted (int64); a regression model's squared errors, absolute errors, target sum and
    // target squares (float64 [4]).
    private Tensor? _lossSum;
    private Tensor? _cells;
    private Tensor? _errorSums;

    // Their values as last read, and whether batches were added since.
    private double _lossSumValue;
    private long[] _cellValues;
    private double[] _errorSumValues = new double[4];
    private bool _stale;

    /// <param name="rules">The model's output rules.</param>
    /// <param name="classNames">Names for the confusion matrix, one per class; default: the class numbers.</param>
    /// <param name="wantedSamples">Positions in the pass whose predictions are kept (classifiers with one decision per sample).</param>
    public MetricAccumulator(OutputRules rules, IReadOnlyList<string>? classNames = null, IReadOnlySet<long>? wantedSamples = null)
    {
        _rules = rules;
        _wantedSamples = wantedSamples ?? new HashSet<long>();
        _cellValues = rules.IsRegression ? [] : new long[rules.ClassCount * rules.ClassCount];
        if (!rules.IsRegression && classNames is not null && classNames.Count != rules.ClassCount)
        {
            throw new ArgumentException(
                $"{classNames.Count} class names were given, but {rules.ModelName} tells {rules.ClassCount} classes apart: pass one name per class, in label order.",
                nameof(classNames));
        }

        _classNames = classNames;
    }

    /// <summary>Samples added so far.</summary>
    public long Samples { get; private set; }

    /// <summary>Mean loss per sample so far.</summary>
    public double MeanLoss
    {
        get
        {
            Read();
            return _lossSumValue / Math.Max(1, Samples);
        }
    }

    /// <summary>Fraction of correct decisions so far; <see langword="null"/> for regression.</summary>
    public double? Accuracy => _rules.IsRegression ? null : Confusion().Accuracy;

    /// <summary>Mean squared error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanSquaredError => _rules.IsRegression ? ErrorSum(0) / Math.Max(1, Samples * _rules.OutputSize) : null;

    /// <summary>Mean absolute error per output value so far; <see langword="null"/> for classifiers.</summary>
    public double? MeanAbsoluteError => _rules.IsRegression ? ErrorSum(1) / Math.Max(1, Samples * _rules.OutputSize) : null;

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

            var mean = ErrorSum(2) / values;
            var variance = (ErrorSum(3) / values) - (mean * mean);
            return variance > 1e-12 ? 1 - (MeanSquaredError!.Value / variance) : null;
        }
    }

    /// <summary>Counts one batch, on the device of <paramref name="outputs"/>, without waiting for it.</summary>
    /// <param name="outputs">The model's outputs for the batch (as <see cref="OutputRules.Outputs"/> computed them).</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="meanLoss">The batch's mean loss, a scalar tensor (detached here).</param>
    public void Add(Tensor outputs, Tensor targets, Tensor meanLoss)
    {
        var count = targets.shape[0];
        using (var scope = NewDisposeScope())
        {
            var detached = outputs.detach();
            Accumulate(ref _lossSum, meanLoss.detach().to(ScalarType.Float64) * count);
            if (_rules.IsRegression)
            {
                Accumulate(ref _errorSums, _rules.ErrorSums(detached, targets.to(detached.device)));
            }
            else
            {
                Count(detached, targets.to(detached.device));
            }
        }

        Samples += count;
        _stale = true;
    }

    /// <summary>The result of the whole pass.</summary>
    public EvaluationResult ToResult()
    {
        if (_rules.IsRegression)
        {
            return EvaluationResult.ForRegression(MeanLoss, Samples, MeanSquaredError!.Value, MeanAbsoluteError!.Value, RSquared);
        }

        return EvaluationResult.ForClassifier(MeanLoss, Samples, Confusion(), _samples);
    }

    /// <summary>The confusion matrix of the classifier's decisions so far, from the counts on the device.</summary>
    private ConfusionMatrix Confusion()
    {
        Read();
        var classes = _rules.ClassCount;
        var confusion = new ConfusionMatrix(
            _classNames ?? Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
        for (var cell = 0; cell < _cellValues.Length; cell++)
        {
            if (_cellValues[cell] != 0)
            {
                confusion.Add(cell / classes, cell % classes, _cellValues[cell]);
            }
        }

        return confusion;
    }

    /// <summary>Frees the sums on the device.</summary>
    public void Dispose()
    {
        _lossSum?.Dispose();
        _cells?.Dispose();
        _errorSums?.Dispose();
    }

    /// <summary>Adds <paramref name="value"/> to a running sum, which is created (outside any dispose scope) by the first batch.</summary>
    private static void Accumulate(ref Tensor? sum, Tensor value)
    {
        if (sum is null)
        {
            sum = value.clone().DetachFromDisposeScope();
        }
        else
        {
            sum.add_(value);
        }
    }

    private double ErrorSum(int index)
    {
        Read();
        return _errorSumValues[index];
    }

    /// <summary>Copies the sums from the device when batches were added since the last read: the one place that waits.</summary>
    private void Read()
    {
        if (!_stale)
        {
            return;
        }

        _lossSumValue = _lossSum!.item<double>();
        if (_cells is not null)
        {
            using var cells = _cells.cpu();
            _cellValues = cells.data<long>().ToArray();
        }

        if (_errorSums is not null)
        {
            using var sums = _errorSums.cpu();
            _errorSumValues = sums.data<double>().ToArray();
        }

        _stale = false;
    }

    private void Count(Tensor outputs, Tensor targets)
    {
        var classes = _rules.ClassCount;
        var (predicted, scores, actual) = _rules.Classify(outputs, targets);
        Accumulate(ref _cells, (actual * classes).add_(predicted).bincount(null, (long)classes * classes));
        var decisions = predicted.shape[0];
        if (_wantedSamples.Count == 0 || !_rules.OneDecisionPerSample || !_wantedSamples.Any(s => s >= Samples && s < Samples + decisions))
        {
            return;
        }

        var predictedClasses = predicted.cpu().data<long>().ToArray();
        var actualClasses = actual.cpu().data<long>().ToArray();
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
