using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Formats;

/// <summary>
/// A model file format besides ModelGen's own <c>.mgm</c>, for deployment: one that can write a trained model and open
/// such a file again for inference. Formats live in optional packages (ONNX: <c>ModelGen.Onnx</c>'s
/// <c>OnnxFormat</c>), so the core carries none of their dependencies; runs take the formats to use
/// (<see cref="Runs.TrainRunRequest.Exports"/>, <see cref="Runs.EvaluateRunRequest.Formats"/>) and pick the one whose
/// <see cref="Handles"/> accepts a path.
/// </summary>
public interface IModelFormat
{
    /// <summary>The format's name for messages (<c>ONNX</c>).</summary>
    string Name { get; }

    /// <summary>The file a training run writes beside <c>model.mgm</c> (<c>model.onnx</c>).</summary>
    string RunFileName { get; }

    /// <summary>Whether <paramref name="path"/> names a file of this format (by its extension).</summary>
    bool Handles(string path);

    /// <summary>Writes <paramref name="model"/>'s network and current weights to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ModelFileException">The file cannot be written (an existing file is then left as it was).</exception>
    void Write<TModel>(TModel model, string path, ModelExportInfo info)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel;

    /// <summary>Opens a file of this format as a <typeparamref name="TModel"/>, for inference.</summary>
    /// <exception cref="ModelFileException">The file cannot be read, is damaged, or holds another architecture.</exception>
    IInferenceModel Open<TModel>(string path)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel;
}

/// <summary>What an exported file records about the model besides its network and weights.</summary>
/// <param name="ClassNames">A classifier's class names in label order, when known.</param>
/// <param name="Epoch">Epochs the model was trained (0: unknown or untrained).</param>
public sealed record ModelExportInfo(IReadOnlyList<string>? ClassNames = null, int Epoch = 0);
