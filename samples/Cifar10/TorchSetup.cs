using System.Globalization;
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

    /// <summary>
    /// Sets libtorch's intra-op threads (default: one per core) and, on a machine that is busy right now, makes
    /// OpenMP's idle threads sleep instead of spin. Must run before the first tensor: OpenMP reads its settings
    /// once, when libtorch loads. Measured on 2 cores (README, "Threads"): idle, spinning is about 25% faster;
    /// with one other busy process, spinning threads fight it for the cores and passive waiting is about 1.7x faster.
    /// "Busy" is the CPU time other processes used in the last quarter second (<see cref="MachineLoad"/>), not the
    /// load average, which still counts the build that <c>dotnet run</c> finished a moment ago.
    /// </summary>
    public static int ConfigureThreads(int? requested)
    {
        var threads = requested ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new UserException($"--threads must be at least 1, not {threads}.");
        }

        if (threads > Environment.ProcessorCount)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]Warning:[/] --threads {threads} is more than this machine's {Environment.ProcessorCount} core(s): the threads take turns on the cores, which is slower than one thread per core.");
        }

        if (threads > 1 && Environment.GetEnvironmentVariable(WaitPolicyVariable) is null && OtherLoad() is { } load && load >= BusyLoad)
        {
            NativeEnvironment.Set(WaitPolicyVariable, "PASSIVE");
            // On standard error, so that output meant for programs (predict --json) stays clean.
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"The machine is busy (other processes are using {load:0.0} cores): OpenMP threads will wait passively. Set {WaitPolicyVariable} to override."));
        }

        set_num_threads(threads);
        return threads;
    }

    private const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <summary>Half a core's worth of other work already slows spinning OpenMP threads down markedly.</summary>
    private const double BusyLoad = 0.5;

    /// <summary>Cores busy with other work right now (Linux), taken before this process starts computing.</summary>
    private static double? OtherLoad() => Runs.MachineLoad.BusyCores(TimeSpan.FromMilliseconds(250));
}

/// <summary>Environment variables that native libraries see: .NET keeps its own copy, so they go through libc too.</summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux())
        {
            _ = setenv(name, value, overwrite: 0);
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
