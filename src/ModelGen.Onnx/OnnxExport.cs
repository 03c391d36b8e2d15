using System.Collections.Immutable;
using Google.Protobuf;
using ModelGen.Architecture;
using ModelGen.Formats;
using ModelGen.IO;
using ModelGen.Onnx.Protobuf;
using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Onnx;

/// <summary>
/// Writes a generated model to ONNX from <c>TModel.Architecture</c> and the model's current weights. The graph is
/// what <c>forward</c> computes in eval mode: opset 17, a dynamic batch dimension, input <see cref="InputName"/> and
/// output <see cref="OutputName"/>. Image models (<c>[C, H, W]</c> input) take raw uint8 pixels and scale them in the
/// graph with the spec's <c>normalize</c>, so a deployed model needs nothing from ModelGen to be fed correctly;
/// feature models take float32 as they are. Dropout is left out; batch norm uses its running statistics.
/// </summary>
public static class OnnxExport
{
    /// <summary>
    /// The ONNX operator set written. 17 is read by every ONNX Runtime from 1.12 and by the ONNX checker from 1.12 (the
    /// newest Debian 12 ships); what it lacks (Gelu, from 20) is composed from its primitives.
    /// </summary>
    public const int OpsetVersion = 17;

    /// <summary>The ONNX IR version that goes with <see cref="OpsetVersion"/> (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    /// <summary>The graph's input: <c>[N, C, H, W]</c> uint8 pixels, or <c>[N, features]</c> float32.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output: what <c>forward</c> returns (<c>TModel.OutputKind</c>), float32 <c>[N, ...]</c>.</summary>
    public const string OutputName = "output";

    /// <summary>The name of the batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> as an ONNX model, atomically (a temporary file beside
    /// it, renamed over it). The folder must exist.
    /// </summary>
    /// <param name="model">A generated model; its weights are read, its mode is not changed.</param>
    /// <param name="path">The <c>.onnx</c> file to create or replace.</param>
    /// <param name="info">Class names and epochs for the metadata.</param>
    /// <exception cref="ModelFileException">The file cannot be written; an existing file is then left as it was.</exception>
    public static void ExportOnnx<TModel>(this TModel model, string path, ModelExportInfo? info = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var onnx = Build(model, info ?? new ModelExportInfo());
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new ModelFileException($"Cannot write the ONNX model {path}: the folder {folder} does not exist. Create it, or choose another path.");
        }

        try
        {
            AtomicFile.Write(path, onnx.WriteTo);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ModelFileException($"Cannot write the ONNX model {path}: the folder {folder} is not writable (permission denied), or the file there is protected. Choose another path.", exception);
        }
        catch (IOException exception)
        {
            throw new ModelFileException($"Cannot write the ONNX model {path}: {IoFailure.Describe(exception)}.", exception);
        }
    }

    /// <summary>
    /// Loads the <c>.mgm</c> file at <paramref name="modelPath"/> into a new <typeparamref name="TModel"/> and writes it
    /// to <paramref name="onnxPath"/>, with the epochs the file records.
    /// </summary>
    /// <exception cref="ModelFileException">The model file cannot be read or holds another architecture, or the ONNX
    /// file cannot be written.</exception>
    public static void ExportOnnx<TModel>(string modelPath, string onnxPath, IReadOnlyList<string>? classNames = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        if (!File.Exists(modelPath))
        {
            throw new ModelFileException($"The model file {modelPath} does not exist.");
        }

        using var model = new TModel();
        var header = ModelFile.Load(model, modelPath);
        model.ExportOnnx(onnxPath, new ModelExportInfo(classNames, header.Epoch));
    }

    /// <summary>
    /// Whether the graph of <typeparamref name="TModel"/> takes raw uint8 pixels (an image input, [C, H, W]) rather than
    /// float32 features.
    /// </summary>
    internal static bool TakesPixels<TModel>()
        where TModel : IGeneratedModel =>
        TModel.Architecture.InputShape.Count == 3;

    /// <summary>The ONNX model of <paramref name="model"/>, in memory.</summary>
    internal static ModelProto Build<TModel>(TModel model, ModelExportInfo info)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        var architecture = TModel.Architecture;
        var pixelInput = TakesPixels<TModel>();
        var graph = new GraphProto { Name = TModel.ModelName, DocString = architecture.Summary };
        graph.Input.Add(Value(InputName, pixelInput ? TensorProto.Types.DataType.Uint8 : TensorProto.Types.DataType.Float, architecture.InputShape));
        graph.Output.Add(Value(OutputName, TensorProto.Types.DataType.Float, architecture.OutputShape));

        var builder = new OnnxGraphBuilder(graph, model.state_dict(), InputName, OutputName);
        var x = pixelInput ? ScalePixels(builder, TModel.Training.Normalization, architecture.InputShape[0]) : InputName;
        foreach (var layer in architecture.Layers)
        {
            x = OnnxLayers.Append(builder, layer, x);
        }

        builder.Finish(x, OutputName);
        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ModelGen",
            ProducerVersion = OnnxMetadata.Version,
            ModelVersion = 1,
            DocString = $"{TModel.ModelName}, exported by ModelGen {OnnxMetadata.Version}: returns {TModel.OutputKind}.",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        onnx.MetadataProps.AddRange(OnnxMetadata.For<TModel>(info, pixelInput));
        return onnx;
    }

    /// <summary>
    /// (float(x) / 255 - mean) / std, in the order and precision of the runtime's <c>InputScaling</c>, so the graph sees
    /// exactly the values the model saw in training. One mean/std for all channels, or one per channel ([1, C, 1, 1]).
    /// </summary>
    private static string ScalePixels(OnnxGraphBuilder graph, InputNormalization normalization, long channels)
    {
        var asFloat = graph.Node("Cast", "pixels/float", [InputName], OnnxGraphBuilder.Int("to", (long)TensorProto.Types.DataType.Float));
        var unit = graph.Node("Div", "pixels/unit", [asFloat, graph.Constant("const/255", [], 255f)]);
        var centred = graph.Node("Sub", "pixels/centred", [unit, PerChannel(graph, "const/normalize_mean", normalization.Mean, channels)]);
        return graph.Node("Div", "pixels/normalized", [centred, PerChannel(graph, "const/normalize_std", normalization.Std, channels)]);
    }

    private static string PerChannel(OnnxGraphBuilder graph, string name, ImmutableArray<double> values, long channels) =>
        values.Length == 1
            ? graph.Constant(name, [], (float)values[0])
            : graph.Constant(name, [1, channels, 1, 1], values.Select(v => (float)v).ToArray());

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, Shape sampleShape)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.AddRange(sampleShape.Select(size => new TensorShapeProto.Types.Dimension { DimValue = size }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
