using System.ComponentModel;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Formats;
using ModelGen.Onnx;
using ModelGen.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// Inference throughput of the same trained weights in ONNX Runtime (model.onnx) and in TorchSharp (model.mgm, eval
/// mode), at batch 1 and batch 256, interleaved in one process on the same threads, pixel scaling included on both
/// sides; ends with the ratios.
/// </summary>
internal sealed class InferenceBenchCommand : Command<InferenceBenchCommand.Settings>
{
    private static readonly int[] BatchSizes = [1, 256];

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rounds <N>")]
        [OptionRange(1, 1000)]
        [Description("Measured rounds per runtime and batch size (after a warm-up batch). Default: 5.")]
        public int Rounds { get; init; } = 5;

        [CommandOption("--images <N>")]
        [OptionRange(1, 1_000_000)]
        [Description("Images per round and batch size. Default: 2048.")]
        public int Images { get; init; } = 2048;

        [CommandOption("--threads <N>")]
        [OptionRange(1, 1024)]
        [Description("CPU threads for both runtimes. Default: one per core.")]
        public int? Threads { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for the weights and the pixels (throughput does not depend on them). Default: 1.")]
        public int Seed { get; init; } = 1;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Bench(settings, token));

    private static int Bench(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Rounds < 1 || settings.Images < BatchSizes.Max())
        {
            throw new UserException($"--rounds must be at least 1 and --images at least {BatchSizes.Max()}.");
        }

        var threads = TorchSetup.ConfigureThreads(settings.Threads);
        using var folder = new BenchFolder();
        manual_seed(settings.Seed);
        using (var model = new Cifar10Cnn())
        {
            ModelFile.Save(model, folder.MgmPath);
            model.ExportOnnx(folder.OnnxPath);
        }

        using var onnxOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads };
        using var onnx = OnnxInferenceModel.Open<Cifar10Cnn>(folder.OnnxPath, onnxOptions);
        using var torchSharp = TorchSharpInferenceModel<Cifar10Cnn>.Open(folder.MgmPath);
        using var pixels = randint(0, 256, [BatchSizes.Max(), 3, 32, 32], dtype: ScalarType.Byte, generator: new TorchSharp.torch.Generator((ulong)settings.Seed));

        AnsiConsole.MarkupLineInterpolated(
            $"Inference benchmark: {settings.Rounds} rounds of {settings.Images} images per runtime and batch size, interleaved; {threads} thread(s), CPU.");
        foreach (var batchSize in BatchSizes)
        {
            var rates = new Dictionary<string, List<double>> { ["ONNX Runtime"] = [], ["TorchSharp"] = [] };
            for (var round = 1; round <= settings.Rounds; round++)
            {
                // Alternate which runtime goes first, so neither always runs on a warmer (or busier) machine.
                var order = round % 2 == 0 ? new[] { "ONNX Runtime", "TorchSharp" } : ["TorchSharp", "ONNX Runtime"];
                foreach (var runtime in order)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var model = runtime == "ONNX Runtime" ? (IInferenceModel)onnx : torchSharp;
                    rates[runtime].Add(InferenceThroughput.Measure(model, pixels, batchSize, Math.Max(1, settings.Images / batchSize)));
                }
            }

            var onnxRate = Median(rates["ONNX Runtime"]);
            var torchRate = Median(rates["TorchSharp"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch {batchSize,3}: ONNX Runtime {onnxRate,9:0.0} images/s, TorchSharp {torchRate,9:0.0} images/s (medians)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio at batch {batchSize} (ONNX Runtime/TorchSharp throughput): {onnxRate / torchRate:0.00}"));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The benchmark's two model files, in a temporary folder deleted afterwards.</summary>
    private sealed class BenchFolder : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("modelgen-bench-").FullName;

        public string MgmPath => Path.Combine(_path, "model.mgm");

        public string OnnxPath => Path.Combine(_path, "model.onnx");

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
