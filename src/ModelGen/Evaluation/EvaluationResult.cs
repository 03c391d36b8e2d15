using System.Diagnostics.CodeAnalysis;

namespace ModelGen.Evaluation;

/// <summary>One classified sample, for pictures of predictions.</summary>
/// <param name="Index">The sample's index in its data set.</param>
/// <param name="TrueLabel">The correct class.</param>
/// <param name="PredictedLabel">The predicted class.</param>
/// <param name="Score">The predicted class's probability.</param>
public sealed record Prediction(int Index, int TrueLabel, int PredictedLabel, float Score);

/// <summary>
/// A model's results on a data set. Which metrics it holds follows the model's <see cref="ModelOutputKind"/>: a
/// classifier's result has a confusion matrix and accuracy (<see cref="IsClassification"/>), a regression model's the
/// mean squared and absolute errors.
/// </summary>
public sealed class EvaluationResult
{
    private EvaluationResult(double loss, long sampleCount, ConfusionMatrix? confusion, double? meanSquaredError, double? meanAbsoluteError,
        IReadOnlyList<Prediction> samples)
    {
        Loss = loss;
        SampleCount = sampleCount;
        Confusion = confusion;
        MeanSquaredError = meanSquaredError;
        MeanAbsoluteError = meanAbsoluteError;
        Samples = samples;
    }

    /// <summary>A classifier's result.</summary>
    /// <param name="loss">Mean loss per sample.</param>
    /// <param name="sampleCount">Samples evaluated.</param>
    /// <param name="confusion">Counts per (true, predicted) class. For a sigmoid model with several outputs every output
    /// counts as a no/yes decision of its own, so the matrix holds more decisions than there are samples.</param>
    /// <param name="samples">A few predictions (random, seeded) for pictures.</param>
    public static EvaluationResult ForClassifier(double loss, long sampleCount, ConfusionMatrix confusion, IReadOnlyList<Prediction> samples)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        ArgumentNullException.ThrowIfNull(samples);
        return new EvaluationResult(loss, sampleCount, confusion, null, null, samples);
    }

    /// <summary>A regression model's result.</summary>
    /// <param name="loss">Mean loss per sample.</param>
    /// <param name="sampleCount">Samples evaluated.</param>
    /// <param name="meanSquaredError">Mean squared error over every output value.</param>
    /// <param name="meanAbsoluteError">Mean absolute error over every output value.</param>
    /// <param name="rSquared">The coefficient of determination, 1 - MSE / Var(targets); null when unknown.</param>
    public static EvaluationResult ForRegression(double loss, long sampleCount, double meanSquaredError, double meanAbsoluteError, double? rSquared = null) =>
        new(loss, sampleCount, null, meanSquaredError, meanAbsoluteError, []) { RSquared = rSquared };

    /// <summary>A regression model's coefficient of determination (R²), 1 - MSE / Var(targets); null for classifiers.</summary>
    public double? RSquared { get; private init; }

    /// <summary>Mean loss per sample.</summary>
    public double Loss { get; }

    /// <summary>Samples evaluated.</summary>
    public long SampleCount { get; }

    /// <summary>Whether this is a classifier's result (with <see cref="Confusion"/> and <see cref="Accuracy"/>).</summary>
    [MemberNotNullWhen(true, nameof(Confusion))]
    public bool IsClassification => Confusion is not null;

    /// <summary>A classifier's counts per (true, predicted) class, with per-class metrics; <see langword="null"/> for regression.</summary>
    public ConfusionMatrix? Confusion { get; }

    /// <summary>A classifier's fraction of correct decisions; <see langword="null"/> for regression.</summary>
    public double? Accuracy => Confusion?.Accuracy;

    /// <summary>Regression: the mean squared error per output value; <see langword="null"/> for classifiers.</summary>
    public double? MeanSquaredError { get; }

    /// <summary>Regression: the mean absolute error per output value; <see langword="null"/> for classifiers.</summary>
    public double? MeanAbsoluteError { get; }

    /// <summary>A few predictions (random, seeded) for pictures; empty for regression.</summary>
    public IReadOnlyList<Prediction> Samples { get; }
}
