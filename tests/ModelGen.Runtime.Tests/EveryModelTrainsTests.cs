using System.Reflection;
using System.Text.RegularExpressions;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// Every spec in models/ trains for an epoch and evaluates, on small random data shaped as the spec says. The cases
/// come from the folder itself, so a new spec is trained here without anyone writing a test for it, and a spec whose
/// output kind the trainer (or this test's data) does not handle fails here.
/// </summary>
public sealed partial class EveryModelTrainsTests
{
    public static TheoryData<string> SpecFiles
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(ModelsFolder(), "*.model.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                data.Add(file!);
            }

            return data;
        }
    }

    [Fact]
    public void The_specs_in_models_are_exactly_the_generated_classes_trained_here()
    {
        var specModels = Directory.GetFiles(ModelsFolder(), "*.model.yaml").Select(ModelNameInSpec).Order(StringComparer.Ordinal);
        var generated = GeneratedModels().Keys.Order(StringComparer.Ordinal);

        Assert.Equal(specModels, generated);
    }

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void Every_spec_trains_for_an_epoch_and_reports_the_metrics_of_its_output_kind(string specFile)
    {
        var modelName = ModelNameInSpec(Path.Combine(ModelsFolder(), specFile));
        Assert.True(
            GeneratedModels().TryGetValue(modelName, out var modelType),
            $"models/{specFile} (model {modelName}) is not compiled into the runtime tests: they take models/*.model.yaml as AdditionalFiles.");

        var train = typeof(EveryModelTrainsTests).GetMethod(nameof(TrainOneEpoch), BindingFlags.NonPublic | BindingFlags.Static)!;
        try
        {
            train.MakeGenericMethod(modelType!).Invoke(null, null);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
        }
    }

    private static void TrainOneEpoch<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        using var data = SyntheticData.For<TModel>(samples: 48, seed: 3);
        manual_seed(1);
        using var model = new TModel();
        using var trainer = new Trainer<TModel>(model, new TrainingOptions { Epochs = 1 });

        var epoch = Assert.Single(trainer.Fit(data.Train, data.Test));
        var result = trainer.Evaluate(data.Test);

        Assert.True(double.IsFinite(epoch.TrainLoss) && double.IsFinite(epoch.TestLoss), $"{TModel.ModelName}: losses {epoch.TrainLoss}, {epoch.TestLoss}");
        Assert.Equal(epoch.TestLoss, result.Loss, 5);
        Assert.Equal(12, result.SampleCount);
        if (TModel.OutputKind == ModelOutputKind.Regression)
        {
            Assert.False(result.IsClassification);
            Assert.Null(epoch.TrainAccuracy);
            Assert.Null(epoch.TestAccuracy);
            Assert.True(double.IsFinite(epoch.TrainMeanAbsoluteError!.Value) && double.IsFinite(epoch.TestMeanAbsoluteError!.Value));
            Assert.Equal(epoch.TestMeanAbsoluteError!.Value, result.MeanAbsoluteError!.Value, 5);
        }
        else
        {
            Assert.True(result.IsClassification);
            Assert.InRange(epoch.TrainAccuracy!.Value, 0, 1);
            Assert.Equal(epoch.TestAccuracy!.Value, result.Accuracy!.Value, 10);
            Assert.Null(epoch.TrainMeanAbsoluteError);
            Assert.Null(result.MeanAbsoluteError);
        }
    }

    /// <summary>The generated classes in this assembly, by model name.</summary>
    private static Dictionary<string, Type> GeneratedModels() =>
        typeof(EveryModelTrainsTests).Assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract && typeof(IGeneratedModel).IsAssignableFrom(type))
            .Where(type => type.Namespace != typeof(Specs.RecipeTiny).Namespace)   // this project's own test specs (Specs/)
            .ToDictionary(type => (string)type.GetProperty(nameof(IGeneratedModel.ModelName), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

    private static string ModelNameInSpec(string path) =>
        ModelKey().Match(File.ReadAllText(path)) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{path} has no 'model:' line.");

    private static string ModelsFolder([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "models"));

    [GeneratedRegex(@"^model:\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex ModelKey();
}
