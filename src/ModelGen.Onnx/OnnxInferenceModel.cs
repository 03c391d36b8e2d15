using System.Collections.Immutable;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Formats;
using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Onnx;

/// <summary>
/// An exported ONNX model run in ONNX Runtime (CPU, every graph optimisation on), as the generated class it was
/// exported from: opening checks the file's architecture hash against <c>TModel</c>, and <see cref="Forward"/> takes
/// and returns what <c>TModel</c>'s data and <c>forward</c> do.
/// </summary>
public sealed class OnnxInferenceModel : IInferenceModel
{
    private readonly ImmutableArray<long> _inputShape;
    private readonly bool _pixelInput;
    private readonly string _modelName;
    private readonly RunOptions _runOptions = new();

    private OnnxInferenceModel(InferenceSession session, ModelFileHeader header, ImmutableArray<long> inputShape, bool pixelInput)
    {
        Session = session;
        Header = header;
        _modelName = header.ModelName;
        _inputShape = inputShape;
        _pixelInput = pixelInput;
    }

    /// <summary>The ONNX Runtime session (for its metadata, or to run it yourself).</summary>
    public InferenceSession Session { get; }

    /// <inheritdoc />
    public ModelFileHeader Header { get; }

    /// <summary>The model's <c>metadata_props</c> (keys in <see cref="OnnxMetadata"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => Session.ModelMetadata.CustomMetadataMap;

    /// <summary>
    /// Opens the ONNX model at <paramref name="path"/> as a <typeparamref name="TModel"/>, with
    /// <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/> unless <paramref name="options"/> say otherwise.
    /// </summary>
    /// <exception cref="ModelFileException">The file is missing or unreadable, is not a valid ONNX model, was not
    /// exported by ModelGen, or holds another architecture.</exception>
    public static OnnxInferenceModel Open<TModel>(string path, SessionOptions? options = null)
        where TModel : IGeneratedModel
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFileException($"The ONNX model {path} does not exist.");
        }

        var session = CreateSession(path, options);
        try
        {
            var header = CheckMetadata<TModel>(path, session.ModelMetadata.CustomMetadataMap);
            return new OnnxInferenceModel(session, header, TModel.InputShape, OnnxExport.TakesPixels<TModel>());
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Tensor Forward(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var expectedType = _pixelInput ? ScalarType.Byte : ScalarType.Float32;
        if (inputs.dtype != expectedType || !inputs.shape.AsSpan(1).SequenceEqual(_inputShape.AsSpan()) || inputs.dim() != _inputShape.Length + 1)
        {
            throw new ArgumentException(
                $"The ONNX model of {_modelName} takes {(_pixelInput ? "uint8 pixels" : "float32 features")} shaped [N, {string.Join(", ", _inputShape)}], " +
                $"not {inputs.dtype} [{string.Join(", ", inputs.shape)}].",
                nameof(inputs));
        }

        using var input = _pixelInput
            ? OrtValue.CreateTensorValueFromMemory(Values<byte>(inputs), inputs.shape)
            : OrtValue.CreateTensorValueFromMemory(Values<float>(inputs), inputs.shape);
        using var outputs = Session.Run(_runOptions, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        var output = outputs[0];
        return tensor(output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    /// <summary>Closes the session.</summary>
    public void Dispose()
    {
        _runOptions.Dispose();
        Session.Dispose();
    }

    private static T[] Values<T>(Tensor inputs)
        where T : unmanaged
    {
        using var contiguous = inputs.cpu().contiguous();
        return contiguous.data<T>().ToArray();
    }

    private static InferenceSession CreateSession(string path, SessionOptions? options)
    {
        try
        {
            if (options is not null)
            {
                return new InferenceSession(path, options);
            }

            using var allOptimizations = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            return new InferenceSession(path, allOptimizations);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelFileException(
                $"{path} is not a valid ONNX model, or it is damaged or truncated: ONNX Runtime says \"{exception.Message.Trim()}\". Export the model again.",
                exception);
        }
    }

    private static ModelFileHeader CheckMetadata<TModel>(string path, IReadOnlyDictionary<string, string> metadata)
        where TModel : IGeneratedModel
    {
        if (!metadata.TryGetValue(OnnxMetadata.ArchitectureHash, out var hash))
        {
            throw new ModelFileException(
                $"{path} is an ONNX model, but not one ModelGen exported (its metadata has no {OnnxMetadata.ArchitectureHash}), so it cannot be checked " +
                $"against {TModel.ModelName}. Export the model with ModelGen (ExportOnnx).");
        }

        var name = metadata.GetValueOrDefault(OnnxMetadata.ModelName, "?");
        var parameters = long.TryParse(metadata.GetValueOrDefault(OnnxMetadata.ParameterCount), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        if (hash != TModel.ArchitectureHash)
        {
            throw new ModelFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"{path} is the ONNX model of {name} (architecture {hash}, {parameters:N0} parameters), but it is being opened as {TModel.ModelName} " +
                $"(architecture {TModel.ArchitectureHash}, {TModel.ParameterCount:N0} parameters). The layers differ, so its outputs would mean something else: " +
                $"open it as the model it was exported from, or export this one."));
        }

        var epochs = int.TryParse(metadata.GetValueOrDefault(OnnxMetadata.Epochs), NumberStyles.None, CultureInfo.InvariantCulture, out var trained) ? trained : 0;
        return new ModelFileHeader(name, hash, parameters, TModel.Summary, epochs, HasOptimizerState: false);
    }
}
