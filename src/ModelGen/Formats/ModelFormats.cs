using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Formats;

/// <summary>Picks the format of a model file: one of the given formats by extension, else ModelGen's own <c>.mgm</c>.</summary>
public static class ModelFormats
{
    /// <summary>The first of <paramref name="formats"/> that handles <paramref name="path"/>; <see langword="null"/>: a <c>.mgm</c> file.</summary>
    public static IModelFormat? Find(string path, IEnumerable<IModelFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        return formats.FirstOrDefault(format => format.Handles(path));
    }

    /// <summary>
    /// Opens the model file at <paramref name="path"/> as a <typeparamref name="TModel"/> for inference: in the
    /// runtime of the format that handles it, else as a <c>.mgm</c> file in TorchSharp on <paramref name="device"/>.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing, unreadable, damaged, or holds another architecture.</exception>
    public static IInferenceModel Open<TModel>(string path, IEnumerable<IModelFormat> formats, Device? device = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFileException($"The model file {path} does not exist.");
        }

        return Find(path, formats) is { } format ? format.Open<TModel>(path) : TorchSharpInferenceModel<TModel>.Open(path, device);
    }
}
