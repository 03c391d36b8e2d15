// The figures a training callback can watch. One source compiled into the compiler (the spec's 'monitor:' values, and
// the checks against the model's output kind) and the runtime (the generated Training settings name the member, and
// the trainer reads the figure), so the two can never name different members.
#if MODELGEN_COMPILER
namespace ModelGen.Compiler.Model;
#else
namespace ModelGen;
#endif

/// <summary>
/// An epoch's figure that early stopping, the best-model checkpoint and reduce-on-plateau watch (Keras's
/// <c>monitor</c>). Losses and mean absolute errors improve downwards, accuracies upwards. The validation figures
/// need validation data (a validation split, or a validation folder or set); the others are the training pass's.
/// </summary>
public enum MonitoredMetric
{
    /// <summary><c>val_loss</c>: the mean loss on the validation data after the epoch.</summary>
    ValidationLoss,

    /// <summary><c>val_accuracy</c>: a classifier's accuracy on the validation data after the epoch.</summary>
    ValidationAccuracy,

    /// <summary><c>val_mae</c>: a regression model's mean absolute error on the validation data after the epoch.</summary>
    ValidationMeanAbsoluteError,

    /// <summary><c>loss</c>: the mean loss of the epoch's training batches.</summary>
    Loss,

    /// <summary><c>accuracy</c>: a classifier's accuracy on the epoch's training batches.</summary>
    Accuracy,

    /// <summary><c>mae</c>: a regression model's mean absolute error on the epoch's training batches.</summary>
    MeanAbsoluteError,
}

/// <summary>The spec's name of each <see cref="MonitoredMetric"/> (Keras's), for the spec language and for messages.</summary>
public static class MonitoredMetricNames
{
    /// <summary>Every figure with its name, in the order documentation lists them.</summary>
    public static readonly (string Name, MonitoredMetric Metric)[] All =
    {
        ("val_loss", MonitoredMetric.ValidationLoss),
        ("val_accuracy", MonitoredMetric.ValidationAccuracy),
        ("val_mae", MonitoredMetric.ValidationMeanAbsoluteError),
        ("loss", MonitoredMetric.Loss),
        ("accuracy", MonitoredMetric.Accuracy),
        ("mae", MonitoredMetric.MeanAbsoluteError),
    };

    /// <summary>The spec's name of <paramref name="metric"/>: <c>val_loss</c>, ...</summary>
    public static string NameOf(MonitoredMetric metric) => System.Array.Find(All, entry => entry.Metric == metric).Name;

    /// <summary>Whether the figure is measured on validation data.</summary>
    public static bool IsValidation(MonitoredMetric metric) =>
        metric is MonitoredMetric.ValidationLoss or MonitoredMetric.ValidationAccuracy or MonitoredMetric.ValidationMeanAbsoluteError;

    /// <summary>Whether a larger value is better (accuracies); losses and errors improve downwards.</summary>
    public static bool HigherIsBetter(MonitoredMetric metric) => metric is MonitoredMetric.ValidationAccuracy or MonitoredMetric.Accuracy;
}
