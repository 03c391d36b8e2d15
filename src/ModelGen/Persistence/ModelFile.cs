using System.Security.Cryptography;
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
/// <param name="ParameterCount">Parameters, trained or frozen.</param>
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
    /// <summary>Bytes of tensor data (weights, then the optimizer's state) after the header.</summary>
    public long PayloadLength { get; init; }

    /// <summary>The SHA-256 of those bytes (hex), checked before anything is loaded. Null in files of format 1.</summary>
    public string? PayloadSha256 { get; init; }

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
/// JSON header (<see cref="ModelFileHeader"/>) with the SHA-256 of what follows, the weights in TorchSharp's format
/// and, for checkpoints, the optimizer's state. A file whose tensor bytes do not match the checksum (one flipped bit,
/// an incomplete copy) is refused before anything is loaded. Writes are atomic (a temporary file beside the target,
/// flushed to disk, then renamed over it), so a crash or a failed write never leaves a half-written file. Files of
/// format 1 (no checksum) still load.
/// </summary>
public static class ModelFile
{
    private const string Magic = "MODELGEN-WEIGHTS/2";

    /// <summary>The first format: the same layout without a checksum.</summary>
    private const string MagicWithoutChecksum = "MODELGEN-WEIGHTS/1";

    /// <summary>Saves <paramref name="model"/> (and, for a checkpoint, <paramref name="optimizer"/>) to <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file could not be written (the message names it and says why); an
    /// existing file at <paramref name="path"/> is then left as it was.</exception>
    public static void Save<TModel>(TModel model, string path, int epoch = 0, OptimizerHelper? optimizer = null, string? extra = null)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var payload = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            model.save(payloadWriter);
            optimizer?.save_state_dict(payloadWriter);
        }

        var header = new ModelFileHeader(TModel.ModelName, TModel.ArchitectureHash, TModel.ParameterCount, TModel.Summary, epoch, optimizer is not null, extra)
        {
            PayloadLength = payload.Length,
            PayloadSha256 = Checksum(payload.GetBuffer().AsSpan(0, (int)payload.Length)),
        };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, stream =>
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(header));
                writer.Write(payload.GetBuffer(), 0, (int)payload.Length);
            });
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot write the model file {path}: {IoFailure.Describe(exception)}.", exception);
        }
    }

    /// <summary>Reads only the header of a model file.</summary>
    public static ModelFileHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path).Header;
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
        using var file = Open(path);
        var (header, checksummed) = ReadHeader(file, path);
        if (header.ArchitectureHash != TModel.ArchitectureHash)
        {
            throw new ModelFileException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{path} holds weights of {header.ModelName} (architecture {header.ArchitectureHash}, {header.ParameterCount:N0} parameters), " +
                $"but they are being loaded into {TModel.ModelName} (architecture {TModel.ArchitectureHash}, {TModel.ParameterCount:N0} parameters). " +
                $"The layers differ, so the weights would not fit or would mean something else: load the file into the model it was trained with, or train this one."));
        }

        using var reader = checksummed ? new BinaryReader(VerifiedPayload(file, header, path), Encoding.UTF8) : file;
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

    /// <summary>The header, and whether the file has a checksum (format 2) or not (format 1).</summary>
    private static (ModelFileHeader Header, bool Checksummed) ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            var magic = reader.ReadString();
            if (magic != Magic && magic != MagicWithoutChecksum)
            {
                throw new ModelFileException($"{path} is not a ModelGen model file (it does not start with '{Magic}'). Pass a file written by 'train'.");
            }

            var header = JsonSerializer.Deserialize<ModelFileHeader>(reader.ReadString())
                ?? throw new ModelFileException($"{path} has an empty header.");
            return (header, magic == Magic);
        }
        catch (Exception exception) when (exception is EndOfStreamException or JsonException or IOException or FormatException)
        {
            throw new ModelFileException($"{path} is not a ModelGen model file, or it is truncated ({exception.Message}).", exception);
        }
    }

    /// <summary>The payload after the header, read whole and checked against the header's SHA-256.</summary>
    private static MemoryStream VerifiedPayload(BinaryReader file, ModelFileHeader header, string path)
    {
        var remaining = file.BaseStream.Length - file.BaseStream.Position;
        if (header.PayloadSha256 is null || header.PayloadLength != remaining || remaining > int.MaxValue)
        {
            throw new ModelFileException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{path} is damaged: its header announces {header.PayloadLength:N0} bytes of weights, but {remaining:N0} follow (an incomplete copy?). Use another copy of the file, or train again."));
        }

        var bytes = file.ReadBytes((int)remaining);
        if (Checksum(bytes) != header.PayloadSha256)
        {
            throw new ModelFileException(
                $"{path} is damaged: its weights do not match the checksum in its header (a changed byte, a faulty disk or copy). Use another copy of the file, or train again.");
        }

        return new MemoryStream(bytes, writable: false);
    }

    private static string Checksum(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
