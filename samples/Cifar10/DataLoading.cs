using ModelGen.Data;
using Spectre.Console;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>Loads CIFAR-10 (showing download progress when it has to fetch it) and makes batch sources.</summary>
internal static class DataLoading
{
    /// <summary>Evaluation needs no gradients, so larger batches are cheaper per image.</summary>
    public const int EvaluationBatchSize = 500;

    /// <summary>For the progress bar when the server sends no length.</summary>
    private const long ApproximateArchiveBytes = 170_000_000;

    public static Cifar10Dataset Load(string? dataPath, int? limit, CancellationToken cancellationToken) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? download = null;
                var loader = new Cifar10Loader
                {
                    DownloadProgress = new ImmediateProgress<DownloadProgress>(p =>
                    {
                        download ??= context.AddTask("Downloading CIFAR-10", maxValue: p.TotalBytes ?? ApproximateArchiveBytes);
                        download.Value = p.BytesReceived;
                    }),
                };
                return loader.LoadAsync(dataPath, limit, cancellationToken).GetAwaiter().GetResult();
            });

    public static ImageBatchSource Batches(LabeledImages images, int batchSize, bool shuffle, int seed, Device device) =>
        new(images, batchSize, shuffle, seed, limit: null, device, Cifar10Cnn.Training.Normalization);
}

/// <summary>Reports on the calling thread, in order (System.Progress posts to the thread pool).</summary>
internal sealed class ImmediateProgress<T> : IProgress<T>
{
    private readonly Action<T> report;

    public ImmediateProgress(Action<T> report) => this.report = report;

    public void Report(T value) => report(value);
}
