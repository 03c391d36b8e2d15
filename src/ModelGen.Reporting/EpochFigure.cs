using ModelGen.Training;

namespace ModelGen.Reporting;

/// <summary>
/// The figure that tables, lines and charts show beside the loss for each epoch: accuracy for a classifier, the mean
/// absolute error for a regression model (which has no accuracy). Decided here once for every report.
/// </summary>
/// <param name="Name">In running text: "accuracy", "mean absolute error".</param>
/// <param name="Title">As a heading: "Accuracy", "Mean absolute error".</param>
/// <param name="Short">In a compact line or table header: "acc", "MAE".</param>
/// <param name="Train">The figure on the training data.</param>
/// <param name="Validation">The figure on the validation data (NaN without).</param>
/// <param name="Test">The figure on the test data.</param>
/// <param name="IsFraction">A fraction from 0 to 1 (shown as a percentage on chart axes).</param>
/// <param name="HigherIsBetter">Whether a larger value is better (which epoch is best).</param>
internal sealed record EpochFigure(
    string Name,
    string Title,
    string Short,
    Func<EpochMetrics, double> Train,
    Func<EpochMetrics, double> Validation,
    Func<EpochMetrics, double> Test,
    bool IsFraction,
    bool HigherIsBetter)
{
    public static readonly EpochFigure Accuracy = new(
        "accuracy", "Accuracy", "acc", e => e.TrainAccuracy ?? double.NaN, e => e.ValidationAccuracy ?? double.NaN, e => e.TestAccuracy ?? double.NaN, IsFraction: true, HigherIsBetter: true);

    public static readonly EpochFigure MeanAbsoluteError = new(
        "mean absolute error", "Mean absolute error", "MAE", e => e.TrainMeanAbsoluteError ?? double.NaN, e => e.ValidationMeanAbsoluteError ?? double.NaN, e => e.TestMeanAbsoluteError ?? double.NaN,
        IsFraction: false, HigherIsBetter: false);

    /// <summary>Accuracy, unless the epochs are a regression model's (no accuracy, but a mean absolute error).</summary>
    public static EpochFigure For(EpochMetrics epoch) => IsRegression(epoch) ? MeanAbsoluteError : Accuracy;

    /// <summary>The figure of a run's epochs (they are all of one kind).</summary>
    public static EpochFigure For(IReadOnlyList<EpochMetrics> epochs) => epochs.Count > 0 && epochs.All(IsRegression) ? MeanAbsoluteError : Accuracy;

    private static bool IsRegression(EpochMetrics epoch) =>
        epoch.TrainAccuracy is null && epoch.TestAccuracy is null && (epoch.TrainMeanAbsoluteError is not null || epoch.TestMeanAbsoluteError is not null);
}
