using ModelGen.Data;
using ModelGen.Formats;
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
        using var metrics = new MetricAccumulator(rules, options.ClassNames, SamplePositions(data.SampleCount, options.SamplePredictions, options.Seed));
        BatchLoop.Run(model, data, epoch: 1, DeviceOf(model, options), rules, metrics, cancellationToken: cancellationToken);
        return metrics.ToResult();
    }

    /// <summary>
    /// Evaluates a model opened for inference (an <c>.mgm</c> in TorchSharp, an exported file in its runtime) as
    /// <typeparamref name="TModel"/>: the same metrics from the same rules, on batches of the data as it is stored
    /// (the model scales uint8 images itself), with the spec's test-time augmentation. The loss comes from
    /// <c>forward</c>'s outputs (<see cref="OutputRules.InferenceOutputs"/>).
    /// </summary>
    /// <exception cref="DatasetException">The data does not fit the model.</exception>
    public static EvaluationResult Evaluate<TModel>(IInferenceModel model, IDataset data, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new EvaluationOptions();
        DatasetCheck.Check<TModel>(data, "evaluation data");
        var rules = OutputRules.For<TModel>();
        var total = data.Inputs.shape[0];
        using var metrics = new MetricAccumulator(rules, options.ClassNames, SamplePositions(total, options.SamplePredictions, options.Seed));
        for (long start = 0; start < total; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var size = Math.Min(options.BatchSize, total - start);
            var outputs = rules.InferenceOutputs(model, data.Inputs.narrow(0, start, size));
            var targets = data.Targets.narrow(0, start, size).cpu();
            metrics.Add(outputs, targets, rules.Loss(outputs, targets));
        }

        return metrics.ToResult();
    }

    /// <summary>
    /// The class a classifier predicts for each input (one batch, stored form as in <see cref="IInferenceModel.Forward"/>),
    /// with its probability (with the spec's test-time augmentation). For a sigmoid model with one output the classes are 0 (no) and 1 (yes).
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TModel"/> is not a classifier with one decision per sample.</exception>
    public static IReadOnlyList<(int Class, float Probability)> Predict<TModel>(IInferenceModel model, Tensor inputs)
        where TModel : IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var rules = OutputRules.For<TModel>();
        if (!rules.OneDecisionPerSample)
        {
            throw new InvalidOperationException(
                $"{TModel.ModelName} does not predict one class per input ({TModel.OutputKind} with {rules.OutputSize} outputs): use Forward for its values.");
        }

        using var scope = NewDisposeScope();
        var (predicted, scores) = rules.Decide(rules.InferenceOutputs(model, inputs));
        var classes = predicted.data<long>().ToArray();
        var probabilities = scores.data<float>().ToArray();
        return classes.Select((c, i) => ((int)c, probabilities[i])).ToList();
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
