using System.Reflection;
using ModelGen.Data;
using ModelGen.Evaluation;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// A spec's test-time augmentation holds for its exported model: evaluated and asked for predictions in ONNX Runtime,
/// it averages the same views of each image as the generated class, so it scores what the trained model scored.
/// </summary>
public sealed class TestTimeAugmentationTests
{
    public static TheoryData<string> Augmented() => new(AugmentedNames());

    [Fact]
    public void The_fast_specs_are_among_the_cases()
    {
        var names = AugmentedNames();

        Assert.Contains("Cifar10Fast", names);
        Assert.Contains("Cifar10FastSmall", names);
    }

    [Theory]
    [MemberData(nameof(Augmented))]
    public void Onnx_evaluation_and_prediction_average_the_views_the_generated_class_averages(string modelName) =>
        TestModels.Invoke(typeof(TestTimeAugmentationTests), nameof(Compare), modelName);

    /// <summary>The generated classes whose spec asks for test-time augmentation.</summary>
    private static List<string> AugmentedNames() =>
        TestModels.Generated()
            .Where(entry => ((TrainingSettings)entry.Value.GetProperty(nameof(IGeneratedModel.Training), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
                .TestTimeAugmentation != TestTimeAugmentation.None)
            .Select(entry => entry.Key)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static void Compare<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        using var folder = new TemporaryFolder();
        manual_seed(7);
        using var model = new TModel();
        // Somewhat smaller random weights than usual: with 0.3 these deep networks' softmax saturates (every top
        // probability 1), with 0.1 it is uniform; either would hide what the views change.
        TestModels.Randomize(model, seed: 11, scale: 0.25f);
        model.eval();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);
        using var onnx = OnnxInferenceModel.Open<TModel>(path);
        using var scope = NewDisposeScope();
        var images = TestModels.Inputs<TModel>(16, seed: 3);
        var labels = randint(0, TModel.OutputShape[^1], [16], dtype: ScalarType.Int64, generator: new TorchSharp.torch.Generator(4));
        var data = new TensorDataset(images, labels);

        var expected = Evaluator.Evaluate(model, data, new EvaluationOptions { BatchSize = 8 });
        var actual = Evaluator.Evaluate<TModel>(onnx, data, new EvaluationOptions { BatchSize = 8 });
        using var predictor = new Predictor<TModel>(onnx);
        var predictions = predictor.Predict(images, top: 1);

        Assert.Equal(expected.Loss, actual.Loss, 1e-4 * Math.Max(1, expected.Loss));
        Assert.Equal(expected.Accuracy, actual.Accuracy);
        var decided = Evaluator.Predict<TModel>(onnx, images);
        Assert.Equal(decided.Select(p => p.Class), predictions.Select(p => p.Classes[0].Label));
        // The views matter: the plain forward pass alone gives other probabilities.
        var plain = onnx.Forward(images).softmax(1).max(1).values.to(ScalarType.Float64).data<double>().ToArray();
        var averaged = predictions.Select(p => p.Classes[0].Probability).ToArray();
        var change = plain.Zip(averaged, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(change > 1e-3, $"{TModel.ModelName}: the views change the top probability by only {change}, so the comparison proves little");
    }
}
