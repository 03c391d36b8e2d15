using ModelGen.Formats;
using static TorchSharp.torch;

namespace ModelGen.Onnx;

/// <summary>
/// ONNX as a model format of runs: <c>train</c> writes <c>model.onnx</c> with it
/// (<c>TrainRunRequest.Exports</c>), and <c>evaluate</c> or <c>predict</c> open <c>.onnx</c> files in ONNX Runtime
/// (<c>Formats</c> of their requests).
/// </summary>
public sealed class OnnxFormat : IModelFormat
{
    /// <summary>The one instance (the format has no settings).</summary>
    public static OnnxFormat Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "ONNX";

    /// <inheritdoc />
    public string RunFileName => "model.onnx";

    /// <inheritdoc />
    public bool Handles(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Write<TModel>(TModel model, string path, ModelExportInfo info)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel =>
        model.ExportOnnx(path, info);

    /// <inheritdoc />
    public IInferenceModel Open<TModel>(string path)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel =>
        OnnxInferenceModel.Open<TModel>(path);
}
