using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Evaluation;

/// <summary>Evaluates a generated model on a labelled data set, without training it.</summary>
public static class Evaluator
{
    /// <summary>
    /// Mean loss, confusion matrix and <paramref name="samplePredictions"/> predictions at seeded random positions.
    /// Runs in evaluation mode (no dropout) without gradients.
    /// </summary>
    public static EvaluationResult Evaluate<TModel>(TModel model, IBatchSource data, LossFunction loss, IReadOnlyList<string>? classNames = null,
        int samplePredictions = 25, int seed = 1, Device? device = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        device ??= CPU;
        var classCount = (int)TModel.OutputShape[^1];
        var names = classNames ?? Enumerable.Range(0, Math.Max(2, classCount)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var confusion = new ConfusionMatrix(names);
        var wanted = SampleIndexes(data.SampleCount, samplePredictions, seed);
        var samples = new List<Prediction>();

        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long offset = 0;
        using (var batches = data.Epoch(1).GetEnumerator())
        {
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (inputs, labels) = batches.Current.To(device);
                var outputs = loss.ModelOutputs(model, inputs);
                var count = labels.shape[0];
                lossSum += loss.Compute(outputs, labels).item<float>() * count;

                // One output is already a probability (the model ends with sigmoid, as binary_cross_entropy expects).
                var probabilities = classCount == 1 ? outputs : loss.UsesLogits() ? outputs.softmax(1) : outputs.exp().clamp_max(1);
                var (scores, predicted) = classCount == 1
                    ? (probabilities.reshape(-1), probabilities.gt(0.5).to(ScalarType.Int64).reshape(-1))
                    : probabilities.max(1);
                var predictedLabels = predicted.cpu().data<long>().ToArray();
                var trueLabels = labels.cpu().data<long>().ToArray();
                var scoreValues = scores.cpu().data<float>().ToArray();
                for (var i = 0; i < trueLabels.Length; i++)
                {
                    confusion.Add((int)trueLabels[i], (int)predictedLabels[i]);
                    if (wanted.Contains(offset + i))
                    {
                        samples.Add(new Prediction((int)(offset + i), (int)trueLabels[i], (int)predictedLabels[i], scoreValues[i]));
                    }
                }

                offset += count;
            }
        }

        model.train(wasTraining);
        return new EvaluationResult(lossSum / Math.Max(1, offset), confusion, samples);
    }

    private static HashSet<long> SampleIndexes(long total, int count, int seed)
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
