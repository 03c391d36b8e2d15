namespace ModelGen.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs, with the per-class metrics derived from them.
/// Rows are true classes, columns predicted classes.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>An empty matrix over the given classes.</summary>
    public ConfusionMatrix(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ClassNames = classNames;
        _counts = new long[classNames.Count, classNames.Count];
    }

    /// <summary>The class names, by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>All samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Counts <paramref name="count"/> samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public void Add(int actual, int predicted, long count = 1)
    {
        _counts[actual, predicted] += count;
        Total += count;
    }

    /// <summary>Fraction of all samples on the diagonal.</summary>
    public double Accuracy => Total == 0 ? 0 : Enumerable.Range(0, ClassCount).Sum(c => _counts[c, c]) / (double)Total;

    /// <summary>Samples whose true class is <paramref name="c"/>.</summary>
    public long Support(int c) => Enumerable.Range(0, ClassCount).Sum(p => _counts[c, p]);

    /// <summary>Of the samples predicted as <paramref name="c"/>, the fraction that are <paramref name="c"/>.</summary>
    public double Precision(int c)
    {
        var predicted = Enumerable.Range(0, ClassCount).Sum(a => _counts[a, c]);
        return predicted == 0 ? 0 : _counts[c, c] / (double)predicted;
    }

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as <paramref name="c"/> (the tutorial's "accuracy for class").</summary>
    public double Recall(int c)
    {
        var support = Support(c);
        return support == 0 ? 0 : _counts[c, c] / (double)support;
    }

    /// <summary>One-vs-rest accuracy for class <paramref name="c"/>: (true positives + true negatives) / all samples.</summary>
    public double ClassAccuracy(int c)
    {
        if (Total == 0)
        {
            return 0;
        }

        var predictedAsC = Enumerable.Range(0, ClassCount).Sum(a => _counts[a, c]);
        var falsePositives = predictedAsC - _counts[c, c];
        var falseNegatives = Support(c) - _counts[c, c];
        return (Total - falsePositives - falseNegatives) / (double)Total;
    }
}
