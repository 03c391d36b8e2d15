using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGen.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Persistence;

/// <summary>What a model file says about the network whose weights it holds.</summary>
/// <param name="ModelName">The spec's model name.</param>
/// <param name="ArchitectureHash">The generated class's <c>ArchitectureHash</c> when saved.</param>
/// <param name="ParameterCount">Trainable parameters.</param>
/// <param name="Summary">The model's summary table, for people reading the file's header.</param>
/// <param name="Epoch">Epochs trained when saved (0: untrained).</param>
/// <param name="HasOptimizerState">Whether the file continues with the optimizer's state (a checkpoint).</param>
/// <param name="Extra">Free-form JSON the application stored with the model (for example its training history).</param>
public sealed record ModelFileHeader(
    string ModelName,
    string ArchitectureHash,
    long ParameterCount,
    string Summary,
    int Epoch,
    bool HasOptimizerState,
    string? Extra = null)
{
    /// <summary>The file's format: a ModelGen model file, or a PyTorch state_dict (which has no header of its own).</summary>
    [JsonIgnore]
    public WeightsFormat Format { get; init; } = WeightsFormat.ModelGen;
}

/// <summary>A model file cannot be read, or holds weights of another architecture.</summary>
public sealed class ModelFileException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public ModelFileException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Saves and loads a generated model's weights together with its identity, so loading into a different
/// architecture fails with a clear message instead of producing garbage. The file is a short magic string, a
/// JSON header (<see cref="ModelFileHeader"/>), the weights in TorchSharp's format and, for checkpoints, the
/// optimizer's state. Writes are atomic (a temporary file beside the target, flushed to disk, then renamed over it),
/// so a crash or a failed write never leaves a half-written file.
/// </summary>
public static class ModelFile
{
    private const string Magic = "MODELGEN-WEIGHTS/1";

    /// <summary>Saves <paramref name="model"/> (and, for a checkpoint, <paramref name="optimizer"/>) to <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file could not be written (the message names it and says why); an
    /// existing file at <paramref name="path"/> is then left as it was.</exception>
    public static void Save<TModel>(TModel model, string path, int epoch = 0, OptimizerHelper? optimizer = null, string? extra = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new ModelFileHeader(TModel.ModelName, TModel.ArchitectureHash, TModel.ParameterCount, TModel.Summary, epoch, optimizer is not null, extra);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, stream =>
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(header));
                model.save(writer);
                optimizer?.save_state_dict(writer);
            });
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot write the model file {path}: {exception.Message}", exception);
        }
    }

    /// <summary>Reads only the header of a model file.</summary>
    public static ModelFileHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>
    /// Loads the weights in <paramref name="path"/> into <paramref name="model"/> (and the optimizer state into
    /// <paramref name="optimizer"/> when given and present). Throws <see cref="ModelFileException"/> when the
    /// file is not a ModelGen model file or was saved from another architecture.
    /// </summary>
    public static ModelFileHeader Load<TModel>(TModel model, string path, OptimizerHelper? optimizer = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        if (header.ArchitectureHash != TModel.ArchitectureHash)
        {
            throw new ModelFileException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{path} holds weights of {header.ModelName} (architecture {header.ArchitectureHash}, {header.ParameterCount:N0} parameters), " +
                $"but they are being loaded into {TModel.ModelName} (architecture {TModel.ArchitectureHash}, {TModel.ParameterCount:N0} parameters). " +
                $"The layers differ, so the weights would not fit or would mean something else: load the file into the model it was trained with, or train this one."));
        }

        try
        {
            model.load(reader);
            if (optimizer is not null && header.HasOptimizerState)
            {
                optimizer.load_state_dict(reader);
            }
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new ModelFileException($"{path} is damaged: its weights could not be read ({exception.Message}).", exception);
        }

        return header;
    }

    private static BinaryReader Open(string path)
    {
        try
        {
            return new BinaryReader(File.OpenRead(path), Encoding.UTF8, leaveOpen: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot open the model file {path}: {exception.Message}", exception);
        }
    }

    private static ModelFileHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new ModelFileException($"{path} is not a ModelGen model file (it does not start with '{Magic}'). Pass a file written by 'train'.");
            }

            return JsonSerializer.Deserialize<ModelFileHeader>(reader.ReadString())
                ?? throw new ModelFileException($"{path} has an empty header.");
        }
        catch (Exception exception) when (exception is EndOfStreamException or JsonException or IOException or FormatException)
        {
            throw new ModelFileException($"{path} is not a ModelGen model file, or it is truncated ({exception.Message}).", exception);
        }
    }
}
