using ModelGen.Examples.Tabular;
using ModelGen.Examples.Vision;
using ModelGen.Samples.Cifar10;

namespace ModelGen.PyTorch.Tests;

/// <summary>Something to do with a generated model class, whichever spec it came from.</summary>
internal interface IModelAction<out T>
{
    T Run<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new();
}

/// <summary>The classes this project's build generated from models/, by spec file.</summary>
internal static class GeneratedModels
{
    public static TheoryData<string> Specs => new(
        Directory.GetFiles(ModelsFolder, "*.model.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static string ModelsFolder => Path.Combine(AppContext.BaseDirectory, "Models");

    public static T Run<T>(string specFile, IModelAction<T> action) => specFile switch
    {
        "cifar10-cnn.model.yaml" => action.Run<Cifar10Cnn>(),
        "cifar10-fast.model.yaml" => action.Run<Cifar10Fast>(),
        "cifar10-fast-small.model.yaml" => action.Run<Cifar10FastSmall>(),
        "conv-options.model.yaml" => action.Run<ConvOptions>(),
        "house-prices.model.yaml" => action.Run<HousePrices>(),
        "mnist-mlp.model.yaml" => action.Run<MnistMlp>(),
        "penguins.model.yaml" => action.Run<PenguinSpecies>(),
        "tiny-classifier.model.yaml" => action.Run<TinyClassifier>(),
        _ => throw new ArgumentException($"No generated class is known for {specFile}: add it here.", nameof(specFile)),
    };
}
