using System.Globalization;
using ModelGen.Data;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>The output folder of a run, and what the report says about how it ran.</summary>
internal static class RunFolder
{
    /// <summary>The folder to use: <paramref name="requested"/>, or a new timestamped one under ./runs.</summary>
    public static string Resolve(string? requested)
    {
        var folder = requested ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        try
        {
            return Directory.CreateDirectory(Path.GetFullPath(folder)).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UserException($"Cannot create the output folder '{folder}': {exception.Message}");
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Details(TrainCommand.Settings settings, int batchSize, int threads, Device device, Cifar10Dataset data) =>
        new Dictionary<string, string>
        {
            ["Data"] = data.SourcePath,
            ["Training images"] = data.Train.Count.ToString("N0", CultureInfo.InvariantCulture),
            ["Test images"] = data.Test.Count.ToString("N0", CultureInfo.InvariantCulture),
            ["Batch size"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["Threads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["Device"] = device.type.ToString(),
        }.ToList();
}
