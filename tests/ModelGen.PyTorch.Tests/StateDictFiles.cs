using System.Collections;
using TorchSharp.PyBridge;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// Named tensors in PyTorch's state_dict file format, the one language both sides of a parity test speak: torch.load
/// and torch.save in Python, TorchSharp.PyBridge here.
/// </summary>
internal static class StateDictFiles
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var bag = new TensorBag(tensors);
        bag.save_py(path);
    }

    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = File.OpenRead(path);
        var table = PyTorchUnpickler.UnpickleStateDict(stream);
        return table.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);
    }

    /// <summary>A module whose state_dict() is exactly the given tensors (as buffers), for save_py.</summary>
    private sealed class TensorBag : nn.Module
    {
        public TensorBag(IReadOnlyDictionary<string, Tensor> tensors)
            : base(nameof(TensorBag))
        {
            foreach (var (name, tensor) in tensors)
            {
                // A copy: disposing the bag disposes its buffers, and the caller keeps using its tensors.
                register_buffer(name, tensor.detach().clone());
            }
        }
    }
}
