using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>How <see cref="Evaluator"/> evaluates a model.</summary>
public sealed record EvaluationOptions
{
    /// <summary>
    /// Samples per batch when the data is a data set. Evaluation keeps no gradients, so larger batches cost less per
    /// sample; the results do not depend on it. Default: 500.
    /// </summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Where batches are delivered. Default: where the model's parameters are.</summary>
    public Device? Device { get; init; }

    /// <summary>Predictions at seeded random positions kept in the result, for pictures (classifiers only). Default: 25.</summary>
    public int SamplePredictions { get; init; } = 25;

    /// <summary>Picks the positions of <see cref="SamplePredictions"/>. Default: 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>A classifier's class names in label order, for the confusion matrix. Default: the class numbers.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
