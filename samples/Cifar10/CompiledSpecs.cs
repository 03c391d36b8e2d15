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
}
