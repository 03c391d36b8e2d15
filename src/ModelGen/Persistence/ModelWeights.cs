using static TorchSharp.torch;

namespace ModelGen.Persistence;

/// <summary>The formats weights are read from; see <see cref="ModelWeights"/>.</summary>
public enum WeightsFormat
{
    /// <summary>A ModelGen model file (<c>.mgm</c>): weights with the model's name and architecture hash.</summary>
    ModelGen,

    /// <summary>A PyTorch state_dict file (<c>.pt</c>), as <c>torch.save(model.state_dict(), path)</c> writes it.</summary>
    PyTorchStateDict,
}

/// <summary>
/// Loads a generated model's weights from any file format ModelGen reads, recognised by the file's content rather
/// than its name: a ModelGen model file (<see cref="ModelFile"/>) or a PyTorch state_dict file
/// (<see cref="PyTorchWeights"/>). Runs and applications load through this, so a new format slots in here.
/// </summary>
public static class ModelWeights
{
    /// <summary>The format of the weights in <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file does not exist or cannot be read.</exception>
    public static WeightsFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFileException($"The model file {path} does not exist.");
        }

        return PyTorchWeights.IsPyTorchFile(path) ? WeightsFormat.PyTorchStateDict : WeightsFormat.ModelGen;
    }

    /// <summary>Loads the weights in <paramref name="path"/> into <paramref name="model"/>, whatever their format.</summary>
    /// <returns>What the file says about the network; for a PyTorch file (which says nothing), the model's own facts
    /// once every tensor matched, with <see cref="ModelFileHeader.Format"/> telling the two apart.</returns>
    /// <exception cref="ModelFileException">The file cannot be read, or holds another network's weights.</exception>
    public static ModelFileHeader Load<TModel>(TModel model, string path)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel => FormatOf(path) switch
        {
            WeightsFormat.PyTorchStateDict => PyTorchWeights.Load(model, path),
            WeightsFormat.ModelGen => ModelFile.Load(model, path),
            var format => throw new NotSupportedException($"Unknown weights format {format}."),
        };
}
