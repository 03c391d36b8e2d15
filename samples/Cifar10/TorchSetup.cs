using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>Chooses the device and the CPU thread count before any tensor is made.</summary>
internal static class TorchSetup
{
    /// <summary>
    /// The device for <c>--device cpu|cuda|auto</c>. CUDA needs a CUDA build of libtorch: reference
    /// TorchSharp-cuda-linux or TorchSharp-cuda-windows instead of TorchSharp-cpu.
    /// </summary>
    public static Device SelectDevice(string requested)
    {
        switch (requested.ToLowerInvariant())
        {
            case "cpu":
                return CPU;
            case "cuda":
                if (!cuda.is_available())
                {
                    throw new UserException(
                        "--device cuda was requested, but CUDA is not available: this build uses TorchSharp-cpu (or no GPU/driver was found). " +
                        "Reference TorchSharp-cuda-linux or TorchSharp-cuda-windows instead of TorchSharp-cpu on a machine with an NVIDIA GPU, or use --device cpu.");
                }

                return CUDA;
            case "auto":
                return cuda.is_available() ? CUDA : CPU;
            default:
                throw new UserException($"--device must be cpu, cuda or auto, not '{requested}'.");
        }
    }

    /// <summary>Sets libtorch's intra-op threads (default: one per core).</summary>
    public static int ConfigureThreads(int? requested)
    {
        var threads = requested ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new UserException($"--threads must be at least 1, not {threads}.");
        }

        set_num_threads(threads);
        return threads;
    }
}

/// <summary>A mistake the user can fix: printed as a message, never as a stack trace.</summary>
internal sealed class UserException : Exception
{
    public UserException(string message)
        : base(message)
    {
    }
}
