using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>Something done with one generated model class, chosen by <see cref="CompiledSpecs.Run{TResult}"/>.</summary>
internal interface ISpecAction<out TResult>
{
    TResult Run<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new();
}

/// <summary>
/// The specs this sample compiles (Cifar10.csproj's AdditionalFiles), by the name <c>--spec</c> takes: the spec's
/// file name without <c>.model.yaml</c>. A switch over the generated classes, so no reflection.
/// </summary>
internal static class CompiledSpecs
{
    /// <summary>The Keras tutorial's network, trained when no <c>--spec</c> is given.</summary>
    public const string Default = "cifar10-cnn";

    /// <summary>Every name <c>--spec</c> takes.</summary>
    public static readonly IReadOnlyList<string> Names = ["cifar10-cnn", "cifar10-fast", "cifar10-fast-small"];

    /// <summary>What <c>--spec</c> of evaluate, export and predict says.</summary>
    public const string ModelSpecDescription =
        "The compiled spec the model was trained from: cifar10-cnn, cifar10-fast or cifar10-fast-small. Default: the one a .mgm file names, else cifar10-cnn.";

    /// <summary>
    /// The spec of the model a saved file holds: <paramref name="spec"/> when given; else the spec of the model a
    /// ModelGen file (.mgm) names in its header; else (an ONNX or PyTorch file, or a model no spec here compiles)
    /// <see cref="Default"/>, whose loading then says what does not fit.
    /// </summary>
    public static string? OfModelFile(string path, string? spec)
    {
        if (spec is not null || !string.Equals(Path.GetExtension(path), ".mgm", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return spec;
        }

        var modelName = ModelFile.ReadHeader(path).ModelName;
        return Names.FirstOrDefault(name => Run(name, new ModelNameOf()) == modelName);
    }

    /// <summary>Runs <paramref name="action"/> with the model class of spec <paramref name="name"/> (null: <see cref="Default"/>).</summary>
    /// <exception cref="UserException">No compiled spec has that name.</exception>
    public static TResult Run<TResult>(string? name, ISpecAction<TResult> action) => (name ?? Default) switch
    {
        "cifar10-cnn" or "cifar10-cnn.model.yaml" => action.Run<Cifar10Cnn>(),
        "cifar10-fast" or "cifar10-fast.model.yaml" => action.Run<Cifar10Fast>(),
        "cifar10-fast-small" or "cifar10-fast-small.model.yaml" => action.Run<Cifar10FastSmall>(),
        var other => throw new UserException(
            $"--spec {other} is not a spec this sample compiles: use {string.Join(", ", Names.SkipLast(1))} or {Names[^1]} (models/<name>.model.yaml). " +
            "To train another spec, add it to samples/Cifar10/Cifar10.csproj's AdditionalFiles and to CompiledSpecs."),
    };

    private sealed class ModelNameOf : ISpecAction<string>
    {
        public string Run<TModel>()
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new() => TModel.ModelName;
    }
}
