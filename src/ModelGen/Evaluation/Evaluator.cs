using ModelGen.Data;
using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>
/// Evaluates a generated model without training it: mean loss, and the metrics its output kind calls for (a
/// confusion matrix with accuracy for classifiers, mean squared and absolute errors for regression). Runs in eval
/// mode (no dropout, batch norm's running statistics) without gradients, and restores the model's previous
/// train/eval mode afterwards, also when evaluation fails. The loss is the spec's (<c>TModel.Training.Loss</c>).
/// </summary>
public static class Evaluator
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on a data set, batched in stored order by
    /// <see cref="EvaluationOptions.BatchSize"/>, uint8 images scaled with the spec's normalisation.
    /// </summary>
    /// <exception cref="DatasetException">The data does not fit the model (the message says what and how to fix it).</exception>
    public static EvaluationResult Evaluate<TModel>(TModel model, IDataset data, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EvaluationOptions();
        DatasetCheck.Check<TModel>(data, "evaluation data");
        var batches = new BatchSource(data, options.BatchSize, shuffle: false, device: DeviceOf(model, options), normalization: TModel.Training.Normalization);
        return Evaluate(model, batches, options, cancellationToken);
    }

    /// <summary>Evaluates <paramref name="model"/> on the batches of pass 1 of <paramref name="data"/>.</summary>
    public static EvaluationResult Evaluate<TModel>(TModel model, IBatchSource data, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new EvaluationOptions();
        var rules = OutputRules.For<TModel>();
        var metrics = new MetricAccumulator(rules, options.ClassNames, SamplePositions(data.SampleCount, options.SamplePredictions, options.Seed));
        BatchLoop.Run(model, data, epoch: 1, DeviceOf(model, options), rules, metrics, cancellationToken: cancellationToken);
        return metrics.ToResult();
    }

    private static Device DeviceOf(nn.Module model, EvaluationOptions options) =>
        options.Device ?? model.parameters().FirstOrDefault()?.device ?? CPU;

    private static HashSet<long> SamplePositions(long total, int count, int seed)
    {
        var random = new Random(seed);
        var chosen = new HashSet<long>();
        while (chosen.Count < Math.Min(count, total))
        {
            chosen.Add(random.NextInt64(total));
        }

        return chosen;
    }
}
