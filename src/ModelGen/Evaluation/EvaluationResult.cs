namespace ModelGen.Evaluation;

/// <summary>One classified sample, for pictures of predictions.</summary>
/// <param name="Index">The sample's index in its data set.</param>
/// <param name="TrueLabel">The correct class.</param>
/// <param name="PredictedLabel">The class with the highest score.</param>
/// <param name="Score">The predicted class's probability.</param>
public sealed record Prediction(int Index, int TrueLabel, int PredictedLabel, float Score);

/// <summary>A model's results on a labelled data set.</summary>
/// <param name="Loss">Mean loss.</param>
/// <param name="Confusion">Counts per (true, predicted) class, with accuracy and per-class metrics.</param>
/// <param name="Samples">A few predictions (random, seeded) for pictures.</param>
public sealed record EvaluationResult(double Loss, ConfusionMatrix Confusion, IReadOnlyList<Prediction> Samples)
{
    /// <summary>Fraction of samples classified correctly.</summary>
    public double Accuracy => Confusion.Accuracy;
}
