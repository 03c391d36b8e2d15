using System.Collections.Immutable;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>How each output kind turns outputs into predictions and metrics, on outputs whose answer is known.</summary>
public sealed class OutputKindTests
{
    [Theory]
    [InlineData(ModelOutputKind.Probabilities, LossFunction.CategoricalCrossEntropy)]   // outputs are ForwardLogits
    [InlineData(ModelOutputKind.Logits, LossFunction.CrossEntropy)]
    public void Logits_become_softmax_probabilities(ModelOutputKind kind, LossFunction loss)
    {
        var rules = new OutputRules("M", kind, loss, ImmutableArray.Create(3L));
        using var logits = tensor(new[] { 0f, 2f, 1f, 3f, 0f, 0f }, [2, 3]);
        using var targets = tensor(new long[] { 1, 2 }, [2]);
        using var softmax = logits.softmax(1);

        var (predicted, scores, actual) = rules.Classify(logits, targets);

        Assert.Equal([1L, 0L], predicted.data<long>().ToArray());
        Assert.Equal(softmax[0, 1].item<float>(), scores[0].item<float>(), 6);
        Assert.Equal(softmax[1, 0].item<float>(), scores[1].item<float>(), 6);
        Assert.Equal([1L, 2L], actual.data<long>().ToArray());
    }

    [Fact]
    public void Probabilities_from_forward_are_used_as_they_are()
    {
        // A softmax model with a loss on forward's probabilities (mse): no second softmax, no exp.
        var rules = new OutputRules("M", ModelOutputKind.Probabilities, LossFunction.MeanSquaredError, ImmutableArray.Create(3L));
        using var probabilities = tensor(new[] { 0.2f, 0.3f, 0.5f }, [1, 3]);
        using var targets = tensor(new long[] { 2 }, [1]);

        var (predicted, scores, _) = rules.Classify(probabilities, targets);

        Assert.Equal(2L, predicted.item<long>());
        Assert.Equal(0.5f, scores.item<float>(), 6);
    }

    [Fact]
    public void Log_probabilities_are_exponentiated_once()
    {
        var rules = new OutputRules("M", ModelOutputKind.LogProbabilities, LossFunction.NegativeLogLikelihood, ImmutableArray.Create(3L));
        using var logProbabilities = tensor(new[] { 0.1f, 0.7f, 0.2f, 0.6f, 0.3f, 0.1f }, [2, 3]).log();
        using var targets = tensor(new long[] { 1, 1 }, [2]);

        var (predicted, scores, _) = rules.Classify(logProbabilities, targets);

        Assert.Equal([1L, 0L], predicted.data<long>().ToArray());
        Assert.Equal([0.7f, 0.6f], scores.data<float>().ToArray().Select(s => MathF.Round(s, 5)));
    }

    [Fact]
    public void Sigmoid_outputs_are_yes_above_one_half_scored_by_the_probability_of_the_answer()
    {
        var rules = new OutputRules("M", ModelOutputKind.Sigmoid, LossFunction.BinaryCrossEntropy, ImmutableArray.Create(1L));
        using var probabilities = tensor(new[] { 0.3f, 0.9f, 0.5f }, [3, 1]);
        using var floatTargets = tensor(new[] { 0f, 0f, 1f }, [3]);
        using var labelTargets = tensor(new long[] { 0, 0, 1 }, [3]);

        var (predicted, scores, actual) = rules.Classify(probabilities, floatTargets);
        var (_, _, fromLabels) = rules.Classify(probabilities, labelTargets);

        Assert.Equal([0L, 1L, 0L], predicted.data<long>().ToArray());
        Assert.Equal([0.7f, 0.9f, 0.5f], scores.data<float>().ToArray().Select(s => MathF.Round(s, 5)));
        Assert.Equal([0L, 0L, 1L], actual.data<long>().ToArray());
        Assert.Equal([0L, 0L, 1L], fromLabels.data<long>().ToArray());
        Assert.Equal(2, rules.ClassCount);
    }

    [Fact]
    public void Several_sigmoid_outputs_are_each_a_decision_of_their_own()
    {
        var rules = new OutputRules("M", ModelOutputKind.Sigmoid, LossFunction.BinaryCrossEntropy, ImmutableArray.Create(2L));
        using var metrics = new MetricAccumulator(rules, wantedSamples: new HashSet<long> { 0 });
        using var probabilities = tensor(new[] { 0.8f, 0.1f, 0.6f, 0.7f }, [2, 2]);
        using var targets = tensor(new[] { 1f, 0f, 0f, 1f }, [2, 2]);

        metrics.Add(probabilities, targets, meanLoss: tensor(0.4));
        var result = metrics.ToResult();

        Assert.Equal(4, result.Confusion!.Total);
        Assert.Equal(0.75, result.Accuracy);
        Assert.Equal(2, result.SampleCount);
        Assert.Empty(result.Samples);   // no single class per sample to show
    }

    [Fact]
    public void Regression_reports_mean_squared_and_absolute_errors_per_value()
    {
        var rules = new OutputRules("M", ModelOutputKind.Regression, LossFunction.MeanSquaredError, ImmutableArray.Create(1L));
        using var metrics = new MetricAccumulator(rules);
        using var first = tensor(new[] { 1f, 2f }, [2, 1]);
        using var firstTargets = tensor(new[] { 1.5f, 4f }, [2]);
        using var second = tensor(new[] { -1f }, [1, 1]);
        using var secondTargets = tensor(new[] { -1f }, [1]);

        metrics.Add(first, firstTargets, meanLoss: tensor(2.125));
        metrics.Add(second, secondTargets, meanLoss: tensor(0));
        var result = metrics.ToResult();

        Assert.False(result.IsClassification);
        Assert.Null(result.Accuracy);
        Assert.Equal((0.25 + 4) / 3, result.MeanSquaredError!.Value, 6);
        Assert.Equal((0.5 + 2) / 3, result.MeanAbsoluteError!.Value, 6);
        Assert.Equal(2.125 * 2 / 3, result.Loss, 6);
        Assert.Equal(3, result.SampleCount);
        Assert.Throws<InvalidOperationException>(() => rules.Classify(first, firstTargets));
    }

    [Fact]
    public void Evaluating_a_log_probability_model_predicts_its_most_probable_class_with_that_probability()
    {
        // MnistMlp ends with log_softmax. Exponentiating its outputs twice, or clamping exp(probabilities) at 1,
        // would make every score 1 and every prediction class 0; so the data must have other answers too.
        using var data = SyntheticVectors.Create(samples: 240, features: 784, classes: 10, seed: 6);
        manual_seed(4);
        using var model = new MnistMlp();
        model.eval();
        using var logProbabilities = model.forward(data.Test.Inputs);
        var (best, bestClass) = logProbabilities.exp().max(1);
        var expectedClass = bestClass.data<long>().ToArray();
        var expectedScore = best.data<float>().ToArray();
        Assert.True(expectedClass.Distinct().Count() > 2, "the untrained model predicts several classes");

        var result = Evaluator.Evaluate(model, data.Test, new EvaluationOptions { SamplePredictions = 60 });

        Assert.Equal(60, result.Samples.Count);
        Assert.All(result.Samples, s => Assert.Equal(expectedClass[s.Index], s.PredictedLabel));
        Assert.All(result.Samples, s => Assert.Equal(expectedScore[s.Index], s.Score, 5));
        var predictedPerClass = Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, 10).Sum(a => result.Confusion![a, c]));
        Assert.Equal(Enumerable.Range(0, 10).Select(c => (long)expectedClass.Count(e => e == c)), predictedPerClass);
    }
}
