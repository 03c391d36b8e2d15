using ModelGen.Data;
using ModelGen.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Formats;

/// <summary>
/// A <c>.mgm</c> model file loaded into its generated class, run in TorchSharp in eval mode (no dropout, batch norm's
/// running statistics) without gradients.
/// </summary>
public sealed class TorchSharpInferenceModel<TModel> : IInferenceModel
    where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
{
    private readonly TModel _model;
    private readonly Device _device;

    private TorchSharpInferenceModel(TModel model, ModelFileHeader header, Device device)
    {
        _model = model;
        Header = header;
        _device = device;
    }

    /// <inheritdoc />
    public ModelFileHeader Header { get; }

    /// <summary>Loads the model file at <paramref name="path"/> onto <paramref name="device"/> (default: the CPU).</summary>
    /// <exception cref="ModelFileException">The file cannot be read, or holds another architecture.</exception>
    public static TorchSharpInferenceModel<TModel> Open(string path, Device? device = null)
    {
        var model = new TModel();
        try
        {
            var header = ModelFile.Load(model, path);
            var target = device ?? CPU;
            model.to(target);
            model.eval();
            return new TorchSharpInferenceModel<TModel>(model, header, target);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Tensor Forward(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var noGradients = no_grad();
        using var scope = NewDisposeScope();
        var onDevice = inputs.to(_device);
        var prepared = onDevice.dtype == ScalarType.Byte ? TModel.Training.Normalization.Normalize(onDevice) : onDevice;
        return _model.forward(prepared).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => _model.Dispose();
}
