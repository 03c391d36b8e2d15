using System.Globalization;

namespace ModelGen.Runs;

/// <summary>The folder a run writes into, and the names of what it writes there.</summary>
public static class RunFolder
{
    /// <summary>Where runs go when no folder is named: <c>runs/&lt;yyyyMMdd-HHmmss&gt;</c> under the working directory.</summary>
    public const string DefaultParent = "runs";

    /// <summary>The trained model, saved at the end of a training run.</summary>
    public const string ModelFileName = "model.mgm";

    /// <summary>The checkpoint written after every epoch, which <c>Resume</c> continues from.</summary>
    public const string CheckpointFileName = "checkpoint.mgm";

    /// <summary>The model of the epoch that reached the best checkpoint's figure (the spec's <c>best_checkpoint</c>).</summary>
    public const string BestModelFileName = "best.mgm";

    /// <summary>An evaluation's report goes into this folder beside the model file, unless another is named.</summary>
    public const string EvaluationFolderName = "evaluation";

    /// <summary>
    /// Creates <paramref name="requested"/> (or a new timestamped folder under <see cref="DefaultParent"/>) if needed
    /// and returns its full path.
    /// </summary>
    /// <exception cref="RunException">The folder cannot be created (the message says why).</exception>
    public static string Create(string? requested)
    {
        var folder = requested ?? NewDefault();
        try
        {
            return Directory.CreateDirectory(Path.GetFullPath(folder)).FullName;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RunException($"Cannot create the output folder '{folder}': {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The full path of <paramref name="requested"/>, or of a new timestamped folder under <see cref="DefaultParent"/>;
    /// nothing is created.
    /// </summary>
    /// <exception cref="RunException">The path is not a valid folder path.</exception>
    public static string PathFor(string? requested)
    {
        var folder = requested ?? NewDefault();
        try
        {
            return Path.GetFullPath(folder);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new RunException($"'{folder}' is not a valid output folder: {exception.Message}", exception);
        }
    }

    /// <summary>The most recently written <see cref="ModelFileName"/> under <paramref name="parent"/>, or <see langword="null"/>.</summary>
    public static string? FindNewestModel(string parent = DefaultParent) =>
        Directory.Exists(parent)
            ? Directory.GetFiles(parent, ModelFileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;

    private static string NewDefault() => Path.Combine(DefaultParent, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
}
