namespace ModelGen.Data;

/// <summary>
/// CIFAR-10 in memory: the 50,000 training and 10,000 test images as uint8 tensors <c>[N, 3, 32, 32]</c> (RGB,
/// channels first, values 0-255, in the official order) with int64 labels <c>[N]</c>, and the class names.
/// Dispose it to free the tensors (about 184 MB).
/// </summary>
/// <remarks>
/// Get one from <see cref="Cifar10Loader.LoadAsync"/> (which also finds or downloads the data) or, for a path you
/// already have, <see cref="Load"/>. Both splits are <see cref="IDataset"/>s: pass them to
/// <c>Trainer&lt;TModel&gt;.Fit</c>, which batches them with the spec's settings, or to <see cref="BatchSource"/>.
/// </remarks>
public sealed class Cifar10Dataset : IDisposable
{
    internal Cifar10Dataset(LabeledImages train, LabeledImages test, IReadOnlyList<string> classNames, string sourcePath)
    {
        Train = train;
        Test = test;
        ClassNames = classNames.ToArray().AsReadOnly();
        SourcePath = sourcePath;
    }

    /// <summary>The ten CIFAR-10 class names in label order: airplane, automobile, bird, ..., truck.</summary>
    public static IReadOnlyList<string> OfficialClassNames { get; } = Cifar10Format.OfficialClassNames.AsReadOnly();

    /// <summary>The training images (the first N if a limit was given) and their labels.</summary>
    public LabeledImages Train { get; }

    /// <summary>The 10,000 test images and their labels.</summary>
    public LabeledImages Test { get; }

    /// <summary>
    /// The class names in label order, from <c>batches.meta.txt</c> (empty lines skipped), or
    /// <see cref="OfficialClassNames"/> when the data has no such file.
    /// </summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The archive or folder the data was read from (full path).</summary>
    public string SourcePath { get; }

    /// <summary>
    /// Reads CIFAR-10 (binary version) from <paramref name="path"/>: the <c>cifar-10-binary.tar.gz</c> archive
    /// (read straight into memory, nothing is extracted), the extracted <c>cifar-10-batches-bin</c> folder, or a
    /// folder that contains either. Never downloads and never writes; see <see cref="Cifar10Loader"/> for that.
    /// </summary>
    /// <param name="path">The archive or folder.</param>
    /// <param name="limit">Keep only the first <paramref name="limit"/> training images (at least 1; larger than
    /// 50,000 means all). Every file is still validated.</param>
    /// <param name="cancellationToken">Stops the read between chunks.</param>
    /// <exception cref="DatasetException">The path does not exist, or a file is missing, the wrong size, truncated or
    /// has a label outside 0-9. The message names the file and the problem.</exception>
    public static Cifar10Dataset Load(string path, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckLimit(limit);
        return Cifar10Reader.Read(path, new Cifar10ReadOptions { Limit = limit }, cancellationToken);
    }

    /// <summary>Frees the image and label tensors.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    internal static void CheckLimit(int? limit)
    {
        if (limit is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(limit));
        }
    }
}
