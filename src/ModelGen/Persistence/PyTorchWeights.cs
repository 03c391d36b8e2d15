using System.Collections;
using System.Globalization;
using ModelGen.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ModelGen.Persistence;

/// <summary>
/// Weights in PyTorch's own format: the file <c>torch.save(model.state_dict(), path)</c> writes (a zip archive with a
/// pickled dictionary of tensors), read and written with TorchSharp.PyBridge. A generated model's <c>state_dict()</c>
/// keys are its layer names (<c>conv1.weight</c>), and the PyTorch module that <c>modelgen export pytorch</c> writes
/// uses the same names, so weights trained by PyTorch (the generated training script writes <c>model.pt</c>) load here
/// and a .NET-trained model's load there. The file carries no architecture hash: loading checks every tensor's name,
/// shape and type against the model instead, and a file for another network is refused with the tensors that differ.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>The file extension PyTorch users expect (any name works: files are recognised by their content).</summary>
    public const string Extension = ".pt";

    /// <summary>At most this many mismatching tensors are named in a message; the rest are counted.</summary>
    private const int MaxProblemsNamed = 6;

    /// <summary>Whether <paramref name="path"/> starts like a PyTorch state_dict file (a zip archive: "PK\x03\x04").</summary>
    public static bool IsPyTorchFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> start = stackalloc byte[4];
            return stream.ReadAtLeast(start, 4, throwOnEndOfStream: false) == 4 && start.SequenceEqual("PK\u0003\u0004"u8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/>'s <c>state_dict()</c> to <paramref name="path"/> in PyTorch's format, atomically
    /// (a temporary file beside it, flushed, then renamed over it): <c>model.load_state_dict(torch.load(path))</c> reads
    /// it in Python.
    /// </summary>
    /// <exception cref="ModelFileException">The file could not be written; an existing file is then left as it was.</exception>
    public static void Save<TModel>(TModel model, string path)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            AtomicFile.Write(path, stream => model.save_py(stream, leaveOpen: true));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot write the PyTorch weights file {path}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Loads a PyTorch state_dict file into <paramref name="model"/> after checking that it holds exactly the model's
    /// tensors, with the model's shapes and element types.
    /// </summary>
    /// <exception cref="ModelFileException">The file cannot be read, is not a state_dict, or holds another network's
    /// weights (the message names each tensor that differs: its name, the expected shape, and the shape found or that
    /// it is missing). The model is left unchanged then.</exception>
    public static ModelFileHeader Load<TModel>(TModel model, string path)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var scope = NewDisposeScope();
        var found = Read(path);
        var expected = model.state_dict();
        var problems = Problems(expected, found);
        if (problems.Count > 0)
        {
            var named = string.Join("; ", problems.Take(MaxProblemsNamed));
            var more = problems.Count > MaxProblemsNamed ? $"; and {problems.Count - MaxProblemsNamed} more" : string.Empty;
            throw new ModelFileException(
                $"{path} does not hold {TModel.ModelName}'s weights: {named}{more}. It was saved from another network: " +
                $"load it into the model it was trained with, or export that model's spec again (modelgen export pytorch).");
        }

        using (no_grad())
        {
            foreach (var (name, tensor) in expected)
            {
                tensor.copy_(found[name]);
            }
        }

        return new ModelFileHeader(TModel.ModelName, TModel.ArchitectureHash, TModel.ParameterCount, TModel.Summary, Epoch: 0, HasOptimizerState: false)
        {
            Format = WeightsFormat.PyTorchStateDict,
        };
    }

    /// <summary>
    /// Writes the weights in <paramref name="modelPath"/> (any format <see cref="ModelWeights"/> reads) to
    /// <paramref name="outputPath"/> as a PyTorch state_dict file.
    /// </summary>
    /// <exception cref="ModelFileException">The model file cannot be read or holds another architecture, or the output
    /// cannot be written.</exception>
    public static void Export<TModel>(string modelPath, string outputPath)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        using var model = new TModel();
        ModelWeights.Load(model, modelPath);
        Save(model, outputPath);
    }

    private static Dictionary<string, Tensor> Read(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot open the PyTorch weights file {path}: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The unpickler reports a damaged or foreign file with whatever its parser hit first.
            throw new ModelFileException(
                $"{path} is not a PyTorch state_dict file, or it is damaged ({exception.GetType().Name}: {exception.Message}). " +
                "Pass a file written by torch.save(model.state_dict(), path), such as the training script's model.pt.", exception);
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
            {
                throw new ModelFileException(
                    $"{path} holds more than a state_dict (an entry '{entry.Key}' of type {entry.Value?.GetType().Name ?? "None"}); " +
                    "save model.state_dict() alone, not a checkpoint dictionary or the whole model.");
            }

            tensors[name] = tensor;
        }

        return tensors;
    }

    /// <summary>Every tensor that is missing, surplus, or of another shape or type, in the model's order.</summary>
    private static List<string> Problems(IDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> found)
    {
        var problems = new List<string>();
        foreach (var (name, tensor) in expected)
        {
            if (!found.TryGetValue(name, out var other))
            {
                problems.Add($"{name} {Shape(tensor)} is missing");
            }
            else if (!tensor.shape.SequenceEqual(other.shape))
            {
                problems.Add($"{name} should be {Shape(tensor)} but is {Shape(other)}");
            }
            else if (tensor.dtype != other.dtype)
            {
                problems.Add($"{name} should hold {tensor.dtype} but holds {other.dtype}");
            }
        }

        problems.AddRange(found.Keys.Where(name => !expected.ContainsKey(name)).Select(name => $"{name} {Shape(found[name])} is not in the model"));
        return problems;
    }

    private static string Shape(Tensor tensor) =>
        "[" + string.Join(", ", tensor.shape.Select(size => size.ToString(CultureInfo.InvariantCulture))) + "]";
}
