using System.Globalization;
using ModelGen.Data;

namespace ModelGen.Runs;

/// <summary>
/// The data of a run: the training and test splits (and validation data, if it comes with its own), with what a report
/// says about them. Disposing it disposes the object that owns the tensors, if one was given (for CIFAR-10, the loaded
/// data set).
/// </summary>
public sealed class RunData : IDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>Data for a run.</summary>
    /// <param name="train">The training split.</param>
    /// <param name="test">The test split, evaluated after every epoch and at the end.</param>
    /// <param name="classNames">A classifier's class names in label order; default: the class numbers.</param>
    /// <param name="source">Where the data came from (a path), for the report.</param>
    /// <param name="owner">Disposed with this object: whatever owns the tensors.</param>
    /// <param name="validation">Validation data of its own (an image folder's validation/); null: the spec's validation_split, if any, holds it out of <paramref name="train"/>.</param>
    /// <param name="schema">A table's columns (its features are then standardised, fitted on the training part) and class names, saved with the model.</param>
    public RunData(
        IDataset train, IDataset test, IReadOnlyList<string>? classNames = null, string? source = null, IDisposable? owner = null,
        IDataset? validation = null, DataSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        Train = train;
        Test = test;
        ClassNames = classNames;
        Source = source;
        _owner = owner;
        Validation = validation;
        Schema = schema;
    }

    /// <summary>Validation data of its own, or <see langword="null"/>.</summary>
    public IDataset? Validation { get; }

    /// <summary>A table's columns and classes; <see langword="null"/> for pictures.</summary>
    public DataSchema? Schema { get; }

    /// <summary>Whether the inputs are a table's features, standardised before training.</summary>
    public bool IsTable => Schema?.FeatureNames is not null;

    /// <summary>The training split.</summary>
    public IDataset Train { get; }

    /// <summary>The test split.</summary>
    public IDataset Test { get; }

    /// <summary>A classifier's class names in label order, or <see langword="null"/> for the class numbers.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Where the data came from, for the report; <see langword="null"/> when unknown.</summary>
    public string? Source { get; }

    /// <summary>
    /// CIFAR-10 as <see cref="Cifar10Loader.LoadAsync"/> finds it (the path, else <c>MODELGEN_CIFAR10</c>, else the
    /// cache, else a download into the cache), with its class names.
    /// </summary>
    /// <param name="path">The archive or its extracted folder, or <see langword="null"/> to look further.</param>
    /// <param name="limit">Keep only the first <paramref name="limit"/> training images.</param>
    /// <param name="downloadProgress">Receives the download's progress, if there is one.</param>
    /// <param name="cancellationToken">Cancels the download or the read.</param>
    /// <exception cref="DatasetException">The data is missing, damaged, or could not be downloaded.</exception>
    public static RunData LoadCifar10(string? path, int? limit, IProgress<DownloadProgress>? downloadProgress, CancellationToken cancellationToken)
    {
        var loader = new Cifar10Loader { DownloadProgress = downloadProgress };
        var data = loader.LoadAsync(path, limit, cancellationToken).GetAwaiter().GetResult();
        return new RunData(data.Train, data.Test, data.ClassNames, data.SourcePath, data);
    }

    /// <summary>What the person running should know about the data (files skipped as unreadable), shown before training.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Pictures for a run: an image folder when <paramref name="path"/> is one (<see cref="ImageFolder.IsImageFolder"/>:
    /// class folders under train/ and test/, optionally validation/), else CIFAR-10 (<see cref="LoadCifar10"/>).
    /// </summary>
    /// <exception cref="DatasetException">The data is missing, damaged, or does not fit the model.</exception>
    public static RunData LoadImages<TModel>(string? path, int? limit, ImageFolderOptions? folderOptions, IProgress<DownloadProgress>? downloadProgress, CancellationToken cancellationToken)
        where TModel : IGeneratedModel =>
        path is not null && ImageFolder.IsImageFolder(path)
            ? LoadImageFolder<TModel>(path, folderOptions, cancellationToken)
            : LoadCifar10(path, limit, downloadProgress, cancellationToken);

    /// <summary>
    /// An image folder for a run (<see cref="ImageFolder.Load{TModel}"/>): its train/ split to train on, its test/
    /// split to test on, and its validation/ split, if any, to validate on. Skipped files become <see cref="Warnings"/>.
    /// </summary>
    /// <exception cref="DatasetException">The folder breaks a rule of the layout, has no test/ split, a file cannot be
    /// read (unless skipped), or the classes do not fit the model.</exception>
    public static RunData LoadImageFolder<TModel>(string root, ImageFolderOptions? options, CancellationToken cancellationToken)
        where TModel : IGeneratedModel
    {
        var data = ImageFolder.Load<TModel>(root, options, cancellationToken);
        if (data.Test is null)
        {
            data.Dispose();
            throw new DatasetException(
                $"{root} has no test/ folder: a run trains on train/ and tests on test/. Move some pictures of every class into " +
                $"{Path.Combine(root, "test", "<class>")} (a fifth is usual).");
        }

        var warnings = data.Skipped.Count == 0
            ? []
            : new[] { string.Create(CultureInfo.InvariantCulture, $"skipped {data.Skipped.Count:N0} file(s) that are not pictures or cannot be read:") }
                .Concat(data.Skipped.Take(10).Select(file => "  " + file))
                .Concat(data.Skipped.Count > 10 ? [string.Create(CultureInfo.InvariantCulture, $"  ... and {data.Skipped.Count - 10:N0} more")] : [])
                .ToList();
        return new RunData(data.Train, data.Test, data.ClassNames, data.Root, data, data.Validation) { Warnings = warnings };
    }

    /// <summary>
    /// CSV tables for a run (<see cref="CsvTable"/>): <paramref name="trainPath"/> to train on, <paramref name="testPath"/>
    /// to test on (read with the training table's feature columns and classes), <paramref name="targetColumn"/> the
    /// target. The features are standardised by the run (fitted on the training part after the validation split), and the
    /// columns, classes and scaling are saved in the model file for predictions.
    /// </summary>
    /// <exception cref="DatasetException">A file or column is missing, a cell is missing or not a number (the message
    /// names the file, line and column), or the table does not fit the model.</exception>
    public static RunData LoadTables<TModel>(string trainPath, string testPath, string targetColumn)
        where TModel : IGeneratedModel
    {
        var train = CsvTable.Load<TModel>(trainPath, targetColumn);
        try
        {
            var test = CsvTable.Load<TModel>(testPath, targetColumn, like: train);
            return new RunData(train, test, train.ClassNames, train.SourcePath, new Owners(train, test), schema: train.Schema);
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the owner of the tensors, if one was given.</summary>
    public void Dispose() => _owner?.Dispose();

    /// <summary>Several owners disposed together.</summary>
    private sealed class Owners(params IDisposable[] owners) : IDisposable
    {
        public void Dispose()
        {
            foreach (var owner in owners)
            {
                owner.Dispose();
            }
        }
    }
}
