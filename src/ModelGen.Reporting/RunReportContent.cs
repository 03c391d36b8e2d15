using ModelGen.Evaluation;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Reporting;

/// <summary>
/// Everything a run report shows, as plain data: the evaluation on the test set, the per-epoch metrics (none for an
/// evaluation without training), the model's summary and training settings as text, and the images for the picture
/// grids. Only <see cref="ModelName"/> and <see cref="Test"/> are required.
/// </summary>
public sealed class RunReportContent
{
    /// <summary>The model's name (the spec's <c>model</c>, e.g. <c>Cifar10Cnn</c>).</summary>
    public required string ModelName { get; init; }

    /// <summary>The final evaluation on the test set; a classifier's confusion matrix also gives the class names.</summary>
    public required EvaluationResult Test { get; init; }

    /// <summary>The metrics of each training epoch, in order; empty when the run only evaluated.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; init; } = [];

    /// <summary>The model's summary table (the generated <c>Summary</c>), shown as preformatted text.</summary>
    public string? ModelSummary { get; init; }

    /// <summary>The training settings as text (optimizer, schedule, loss, batch size, epochs), shown as preformatted text.</summary>
    public string? TrainingSettings { get; init; }

    /// <summary>Random training images captioned with their class (see <see cref="ImageSample.ForLabel"/>); 25 make a 5x5 grid.</summary>
    public IReadOnlyList<ImageSample> TrainingImages { get; init; } = [];

    /// <summary>Random test images captioned with their prediction (see <see cref="ImageSample.ForPrediction"/>).</summary>
    public IReadOnlyList<ImageSample> TestPredictions { get; init; } = [];

    /// <summary>
    /// Further facts about the run, in display order (data set, seed, device, threads, command line, ...), shown in
    /// a table and written to metrics.json as <c>details</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>When the run finished; shown in the report and written to metrics.json when set.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Images per row in the picture grids.</summary>
    public int ImageGridColumns { get; init; } = 5;

    /// <summary>A classifier's class names, by label (from <see cref="Test"/>'s confusion matrix); empty for regression.</summary>
    public IReadOnlyList<string> ClassNames => Test.Confusion?.ClassNames ?? [];

    /// <summary>
    /// The content for a run's outcome: its evaluation, epochs, summary and settings, details, and its pictures as
    /// image samples (training images captioned with their class, test images with their prediction).
    /// </summary>
    public static RunReportContent From(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var classNames = outcome.Test.Confusion?.ClassNames ?? [];
        return new RunReportContent
        {
            ModelName = outcome.ModelName,
            Test = outcome.Test,
            Epochs = outcome.Epochs,
            ModelSummary = outcome.ModelSummary,
            TrainingSettings = outcome.TrainingSettings,
            TrainingImages = outcome.TrainingPictures
                .Select(p => ImageSample.ForLabel(p.ChwPixels, p.Height, p.Width, p.Label, classNames))
                .ToList(),
            TestPredictions = outcome.Test.Samples
                .Join(
                    outcome.TestPictures,
                    prediction => prediction.Index,
                    picture => picture.Index,
                    (prediction, picture) => ImageSample.ForPrediction(picture.ChwPixels, picture.Height, picture.Width, prediction, classNames))
                .ToList(),
            Details = outcome.Details,
            CreatedAt = outcome.FinishedAt,
        };
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelName, nameof(ModelName));
        ArgumentNullException.ThrowIfNull(Test, nameof(Test));
        ArgumentNullException.ThrowIfNull(Epochs, nameof(Epochs));
        ArgumentNullException.ThrowIfNull(TrainingImages, nameof(TrainingImages));
        ArgumentNullException.ThrowIfNull(TestPredictions, nameof(TestPredictions));
        ArgumentNullException.ThrowIfNull(Details, nameof(Details));
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageGridColumns, 1, nameof(ImageGridColumns));
        if (Epochs.Any(e => e is null))
        {
            throw new ArgumentException("The epoch list contains null.", nameof(Epochs));
        }
    }
}
