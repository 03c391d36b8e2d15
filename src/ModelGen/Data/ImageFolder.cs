using System.Collections.Immutable;
using System.Globalization;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>How <see cref="ImageFolder.Load"/> reads the pictures.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>
    /// Leave out files that are not pictures or cannot be decoded, listing them in <see cref="ImageFolderData.Skipped"/>
    /// (a run shows them as a warning). Default: false, and such files stop the load with a message listing them.
    /// </summary>
    public bool SkipUnreadableFiles { get; init; }

    /// <summary>Pictures decoded at once. Default: one per processor core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Reads a folder of pictures as a labelled data set, the layout of torchvision's <c>ImageFolder</c> and Keras's
/// <c>image_dataset_from_directory</c>: one subfolder per class, whose name is the class name; the classes are the
/// subfolders sorted by name (ordinal comparison, as Python's <c>sorted</c>), and a class's label is its position.
/// </summary>
/// <remarks>
/// <para><b>Splits.</b> A folder with a <c>train/</c> folder is read as splits: <c>train/</c>, and optionally
/// <c>test/</c> and <c>validation/</c> (or <c>val/</c>), each holding the same class folders. Otherwise its subfolders
/// are the classes and everything is one split, <see cref="ImageFolderData.Train"/>.</para>
/// <para><b>Files.</b> Every file under a class folder counts, in subfolders too (sorted by path); names starting with
/// a dot and Thumbs.db / desktop.ini are ignored. Files that are not PNG, JPEG, BMP, GIF (first frame) or WebP
/// pictures, or cannot be decoded, stop the load with a message that lists them, unless
/// <see cref="ImageFolderOptions.SkipUnreadableFiles"/> is set.</para>
/// <para><b>Pixels.</b> Each picture is decoded once, by <see cref="ImageFile"/> (SkiaSharp), into the model's input
/// shape: stretched to its height and width and converted to its channel count. The pictures are decoded in parallel
/// and held as one uint8 tensor per split, <c>N x C x H x W</c> bytes (50,000 RGB pictures of 32x32: 154 MB), scaled by
/// the spec's <c>normalize</c> batch by batch, as CIFAR-10 is.</para>
/// </remarks>
public static partial class ImageFolder
{
    /// <summary>Pictures decoded between two copies into the split's tensor; bounds the extra memory of a load.</summary>
    private const int ChunkSize = 4096;

    /// <summary>
    /// Reads the folder for <typeparamref name="TModel"/>: pictures in its input shape, and as many classes as it
    /// outputs (two for a one-output sigmoid model).
    /// </summary>
    /// <exception cref="DatasetException">The folder breaks a rule of the layout, a file cannot be read, or the classes
    /// do not match the model. The message names the folder or the files.</exception>
    public static ImageFolderData Load<TModel>(string root, ImageFolderOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IGeneratedModel
    {
        var expected = TModel.OutputKind switch
        {
            ModelOutputKind.Regression => throw new DatasetException(
                $"{TModel.ModelName} is a regression model, but the pictures of an image folder are labelled with classes: it needs a classifier."),
            ModelOutputKind.Sigmoid when TModel.OutputShape is [1] => 2,
            _ => (int)TModel.OutputShape[^1],
        };
        var data = Load(root, TModel.InputShape, options, cancellationToken);
        if (data.ClassNames.Count != expected)
        {
            var count = data.ClassNames.Count;
            data.Dispose();
            throw new DatasetException(
                $"{root} has {count} classes ({string.Join(", ", data.ClassNames)}), but {TModel.ModelName} tells {expected} classes apart: " +
                $"give its spec 'classes: {count}' with a last layer of {count} outputs, or use the folder of the {expected} classes it was written for.");
        }

        return data;
    }

    /// <summary>
    /// Whether <paramref name="path"/> looks like an image folder rather than CIFAR-10's binary files: a folder with
    /// subfolders (classes, or train/ and test/), and neither CIFAR-10's batch files nor its extracted folder.
    /// </summary>
    public static bool IsImageFolder(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Directory.Exists(path)
            && !File.Exists(Path.Combine(path, "data_batch_1.bin"))
            && !Directory.Exists(Path.Combine(path, "cifar-10-batches-bin"))
            && Directory.EnumerateDirectories(path).Any(folder => !Path.GetFileName(folder).StartsWith('.'));
    }

    /// <summary>Reads the folder as pictures of <paramref name="inputShape"/> (<c>[C, H, W]</c>, C = 1 or 3).</summary>
    /// <exception cref="DatasetException">The folder breaks a rule of the layout, or a file cannot be read.</exception>
    public static ImageFolderData Load(string root, ImmutableArray<long> inputShape, ImageFolderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        options ??= new ImageFolderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options));
        var shape = ImageFile.ImageShape(inputShape);
        var layout = ImageFolderLayout.Read(root);
        var skipped = new List<string>();
        var splits = new List<LabeledImages>();
        try
        {
            foreach (var split in new[] { layout.Train, layout.Validation, layout.Test })
            {
                splits.Add(split is null ? null! : Decode(split, shape, options, skipped, cancellationToken));
            }
        }
        catch
        {
            foreach (var loaded in splits)
            {
                loaded?.Dispose();
            }

            throw;
        }

        return new ImageFolderData(splits[0], splits[1], splits[2], layout.ClassNames, layout.Root, skipped);
    }

    private static LabeledImages Decode(SplitFiles split, (int Channels, int Height, int Width) shape, ImageFolderOptions options, List<string> skipped,
        CancellationToken cancellationToken)
    {
        var (channels, height, width) = shape;
        var pictureBytes = channels * height * width;
        var files = split.Files;
        var images = empty([files.Count, channels, height, width], ScalarType.Byte).DetachFromDisposeScope();
        var labels = new List<int>(files.Count);
        var problems = new List<string>();
        var buffer = new byte[Math.Min(ChunkSize, files.Count) * pictureBytes];
        try
        {
            for (var start = 0; start < files.Count; start += ChunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(ChunkSize, files.Count - start);
                var chunkProblems = new string?[count];
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, i =>
                {
                    var path = files[start + i].Path;
                    chunkProblems[i] = ImageFile.Extensions.Contains(Path.GetExtension(path))
                        ? ImageFile.Decode(path, channels, height, width, buffer.AsSpan(i * pictureBytes, pictureBytes))
                        : "is not a picture (PNG, JPEG, BMP, GIF or WebP, by its extension)";
                });

                // The good pictures of the chunk, packed together, go to the next free rows of the tensor.
                var kept = 0;
                for (var i = 0; i < count; i++)
                {
                    if (chunkProblems[i] is { } problem)
                    {
                        problems.Add($"{files[start + i].Path} {problem}");
                        continue;
                    }

                    buffer.AsSpan(i * pictureBytes, pictureBytes).CopyTo(buffer.AsSpan(kept * pictureBytes));
                    labels.Add(files[start + i].Label);
                    kept++;
                }

                if (kept > 0)
                {
                    using var scope = NewDisposeScope();
                    images.narrow(0, labels.Count - kept, kept).copy_(tensor(buffer.AsSpan(0, kept * pictureBytes).ToArray(), [kept, channels, height, width]));
                }
            }

            Report(split, problems, options, skipped);
            if (labels.Count < files.Count)
            {
                var all = images;
                images = all.narrow(0, 0, labels.Count).clone().DetachFromDisposeScope();
                all.Dispose();
            }

            CheckEveryClassKept(split, labels);
            var labelTensor = tensor(labels.Select(label => (long)label).ToArray(), new long[] { labels.Count }).DetachFromDisposeScope();
            return new LabeledImages(images, labelTensor, labels.ToArray(), split.ClassNames.Count);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    /// <summary>Unreadable files stop the load, listed, unless they may be skipped; skipped ones are remembered.</summary>
    private static void Report(SplitFiles split, List<string> problems, ImageFolderOptions options, List<string> skipped)
    {
        if (problems.Count == 0)
        {
            return;
        }

        if (options.SkipUnreadableFiles)
        {
            skipped.AddRange(problems);
            return;
        }

        const int Shown = 10;
        var more = problems.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"\n  ... and {problems.Count - Shown:N0} more") : string.Empty;
        var count = problems.Count.ToString("N0", CultureInfo.InvariantCulture);
        throw new DatasetException(
            $"{split.ShownAs} holds {count} file(s) that are not pictures or cannot be read:\n  {string.Join("\n  ", problems.Take(Shown))}{more}\n" +
            "Remove or replace them, or skip them with a warning (ImageFolderOptions.SkipUnreadableFiles; in the samples, --skip-unreadable).");
    }

    private static void CheckEveryClassKept(SplitFiles split, List<int> labels)
    {
        var present = labels.ToHashSet();
        var emptied = Enumerable.Range(0, split.ClassNames.Count).Where(label => !present.Contains(label)).Select(label => split.ClassNames[label]).ToList();
        if (emptied.Count > 0)
        {
            throw new DatasetException(
                $"In {split.ShownAs}, no picture of {string.Join(", ", emptied)} could be read, so the class has no pictures left: add readable pictures, or remove the folder.");
        }
    }
}

/// <summary>
/// An image folder in memory: its splits as uint8 pictures with class labels, and the class names. Dispose it to free
/// the tensors.
/// </summary>
public sealed class ImageFolderData : IDisposable
{
    internal ImageFolderData(LabeledImages train, LabeledImages? validation, LabeledImages? test, IReadOnlyList<string> classNames, string root,
        IReadOnlyList<string> skipped)
    {
        Train = train;
        Validation = validation;
        Test = test;
        ClassNames = classNames;
        Root = root;
        Skipped = skipped;
    }

    /// <summary>The pictures of <c>train/</c>, or every picture when the folder has no splits.</summary>
    public LabeledImages Train { get; }

    /// <summary>The pictures of <c>validation/</c> (or <c>val/</c>), if the folder has one.</summary>
    public LabeledImages? Validation { get; }

    /// <summary>The pictures of <c>test/</c>, if the folder has one.</summary>
    public LabeledImages? Test { get; }

    /// <summary>The class names in label order: the class folders, sorted.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The folder read (full path).</summary>
    public string Root { get; }

    /// <summary>The files left out, each with the reason (only with <see cref="ImageFolderOptions.SkipUnreadableFiles"/>).</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Frees the tensors of every split.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test?.Dispose();
    }
}
