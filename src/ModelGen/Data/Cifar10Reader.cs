using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using static ModelGen.Data.Cifar10Format;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>How <see cref="Cifar10Reader"/> reads, and who asked (for the advice at the end of error messages).</summary>
internal sealed record Cifar10ReadOptions
{
    /// <summary>Records per batch file: 10,000 for the real data set; tests write smaller files.</summary>
    public int RecordsPerBatch { get; init; } = OfficialRecordsPerBatch;

    /// <summary>Keep only the first N training images (all files are still validated).</summary>
    public int? Limit { get; init; }

    /// <summary>Where the path came from; <see langword="null"/> for a direct <see cref="Cifar10Dataset.Load"/>.</summary>
    public Cifar10Origin? Origin { get; init; }

    /// <summary>The cache folder, named in the advice when the data comes from the cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>What the user can do about a bad file, ending the sentence after a colon.</summary>
    public string Advice => Origin switch
    {
        Cifar10Origin.DataOption => "re-download or check --data.",
        Cifar10Origin.EnvironmentVariable => $"re-download or check {Cifar10Loader.EnvironmentVariable}.",
        Cifar10Origin.Cache or Cifar10Origin.Download => $"delete {CacheDirectory} and run again to download a fresh copy.",
        _ => "re-download or check the path.",
    };
}

/// <summary>
/// Reads the CIFAR-10 binary version from a <c>.tar.gz</c> archive (streamed: nothing is extracted to disk) or from
/// an extracted folder, validating it by structure: six batch files of exactly <c>records x 3,073</c> bytes, every
/// label 0-9. Files are only ever opened for reading.
/// </summary>
internal static class Cifar10Reader
{
    private const int MaxMetaBytes = 64 * 1024;

    public static Cifar10Dataset Read(string path, Cifar10ReadOptions options, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            return ReadPath(fullPath, options, cancellationToken);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new DatasetException(
                $"The CIFAR-10 data at {fullPath} could not be read: {exception.Message.TrimEnd('.')}. Check that the files " +
                $"are readable: {options.Advice}", exception);
        }
    }

    private static Cifar10Dataset ReadPath(string fullPath, Cifar10ReadOptions options, CancellationToken cancellationToken)
    {
        if (File.Exists(fullPath))
        {
            return ReadArchive(fullPath, options, cancellationToken);
        }

        if (!Directory.Exists(fullPath))
        {
            throw new DatasetException(DoesNotExist(fullPath, options.Origin));
        }

        if (LooksLikeBatchFolder(fullPath))
        {
            return ReadFolder(fullPath, options, cancellationToken);
        }

        var nested = Path.Combine(fullPath, FolderName);
        if (Directory.Exists(nested))
        {
            return ReadFolder(nested, options, cancellationToken);
        }

        var archive = Path.Combine(fullPath, ArchiveName);
        if (File.Exists(archive))
        {
            return ReadArchive(archive, options, cancellationToken);
        }

        if (Directory.Exists(Path.Combine(fullPath, PythonFolderName)) || File.Exists(Path.Combine(fullPath, "data_batch_1")))
        {
            throw new DatasetException(PythonVersion(fullPath));
        }

        throw new DatasetException(
            $"{fullPath} holds no CIFAR-10 data: expected the batch files data_batch_1.bin to data_batch_5.bin and " +
            $"{TestFileName} in it, a {FolderName} folder, or {ArchiveName}. Pass the archive or the folder it unpacks " +
            $"to: {options.Advice}");
    }

    /// <summary>
    /// Checks that <paramref name="folder"/> has the six batch files, each of the expected size, without reading
    /// them. Throws <see cref="DatasetException"/> on the first problem.
    /// </summary>
    public static void CheckFolderStructure(string folder, Cifar10ReadOptions options)
    {
        var expectedLength = (long)options.RecordsPerBatch * RecordBytes;
        foreach (var name in BatchFileNames)
        {
            var file = new FileInfo(Path.Combine(folder, name));
            if (!file.Exists)
            {
                throw new DatasetException(
                    $"{name} is missing from {folder}; the CIFAR-10 binary version has data_batch_1.bin to " +
                    $"data_batch_5.bin and {TestFileName}. The folder is incomplete: {options.Advice}");
            }

            if (file.Length != expectedLength)
            {
                throw new DatasetException(WrongSize(name, folder, file.Length, options));
            }
        }
    }

    private static bool LooksLikeBatchFolder(string folder) =>
        BatchFileNames.Any(name => File.Exists(Path.Combine(folder, name))) || File.Exists(Path.Combine(folder, MetaFileName));

    private static Cifar10Dataset ReadFolder(string folder, Cifar10ReadOptions options, CancellationToken cancellationToken)
    {
        if (!BatchFileNames.Any(name => File.Exists(Path.Combine(folder, name))) && File.Exists(Path.Combine(folder, "data_batch_1")))
        {
            throw new DatasetException(PythonVersion(folder));
        }

        CheckFolderStructure(folder, options);

        var metaPath = Path.Combine(folder, MetaFileName);
        var classNames = OfficialClassNames;
        if (File.Exists(metaPath))
        {
            using var meta = OpenForReading(metaPath);
            classNames = ReadClassNames(meta, meta.Length, MetaFileName + " in " + folder, options);
        }

        using var builder = new DatasetBuilder(options, folder);
        foreach (var name in BatchFileNames)
        {
            using var stream = OpenForReading(Path.Combine(folder, name));
            builder.ReadBatch(name, stream, cancellationToken);
        }

        return builder.Build(classNames, folder);
    }

    private static Cifar10Dataset ReadArchive(string archivePath, Cifar10ReadOptions options, CancellationToken cancellationToken)
    {
        using var file = OpenForReading(archivePath);
        Span<byte> signature = stackalloc byte[2];
        if (file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) < 2 || signature[0] != 0x1f || signature[1] != 0x8b)
        {
            throw new DatasetException(
                $"{archivePath} is not a .tar.gz archive (it does not start with the gzip signature). Pass the CIFAR-10 " +
                $"binary version, {ArchiveName}, or the {FolderName} folder it unpacks to: {options.Advice}");
        }

        file.Position = 0;
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var guarded = new TarHeaderGuard(gzip, archivePath, options.Advice);
        using var tar = new TarReader(guarded);
        using var builder = new DatasetBuilder(options, archivePath);
        string[]? classNames = null;
        string? current = null;
        var entries = 0;
        var pythonVersion = false;
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                entries++;
                current = null;
                pythonVersion |= entry.Name.Contains(PythonFolderName, StringComparison.Ordinal);
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    continue;
                }

                var name = entry.Name.Replace('\\', '/');
                name = name[(name.LastIndexOf('/') + 1)..];
                if (name == MetaFileName)
                {
                    current = name;
                    classNames = ReadClassNames(entry.DataStream ?? Stream.Null, entry.Length, $"{name} in {archivePath}", options);
                }
                else if (BatchIndex(name) >= 0)
                {
                    current = name;
                    if (entry.Length != (long)options.RecordsPerBatch * RecordBytes)
                    {
                        throw new DatasetException(WrongSize(name, archivePath, entry.Length, options));
                    }

                    builder.ReadBatch(name, entry.DataStream ?? Stream.Null, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            var where = current is null ? "" : $" while reading {current}";
            throw new DatasetException(
                $"{archivePath} is damaged or not a tar.gz archive: {exception.Message.TrimEnd('.')}{where}. The archive " +
                $"is corrupt or incomplete: {options.Advice}", exception);
        }

        if (entries == 0)
        {
            throw new DatasetException(
                $"{archivePath} is gzip-compressed but holds no tar entries, so it is not {ArchiveName}: {options.Advice}");
        }

        if (pythonVersion && builder.FilesRead == 0)
        {
            throw new DatasetException(PythonVersion(archivePath));
        }

        builder.CheckComplete();
        return builder.Build(classNames ?? OfficialClassNames, archivePath);
    }

    private static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static string[] ReadClassNames(Stream stream, long length, string description, Cifar10ReadOptions options)
    {
        if (length > MaxMetaBytes)
        {
            throw new DatasetException(
                $"{description} is {N(length)} bytes; it should hold the ten class names, one per line. The file is not " +
                $"CIFAR-10's: {options.Advice}");
        }

        var bytes = new byte[length];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            throw new EndOfStreamException($"{MetaFileName} ends after {N(read)} of {N(length)} bytes");
        }

        return ParseClassNames(Encoding.UTF8.GetString(bytes), out var count)
            ?? throw new DatasetException(
                $"{description} lists {N(count)} class names (non-empty lines); CIFAR-10 has {ClassCount}. The file is " +
                $"damaged or not CIFAR-10's: {options.Advice}");
    }

    private static string WrongSize(string name, string container, long length, Cifar10ReadOptions options)
    {
        var problem = length < (long)options.RecordsPerBatch * RecordBytes ? "truncated" : "too long";
        return $"{name} in {container} is {N(length)} bytes; {ExpectedSize(options.RecordsPerBatch)}. The file is " +
               $"{problem} or not CIFAR-10: {options.Advice}";
    }

    private static string DoesNotExist(string path, Cifar10Origin? origin)
    {
        var what = $"the CIFAR-10 binary archive ({ArchiveName}) or the {FolderName} folder it unpacks to";
        return origin switch
        {
            Cifar10Origin.DataOption => $"The --data path {path} does not exist. Pass {what}.",
            Cifar10Origin.EnvironmentVariable =>
                $"{Cifar10Loader.EnvironmentVariable} is set to {path}, which does not exist. Set it to {what}, or unset it.",
            _ => $"{path} does not exist. Pass {what}.",
        };
    }

    private static string PythonVersion(string path) =>
        $"{path} holds the Python version of CIFAR-10 (pickled batches, cifar-10-python.tar.gz). ModelGen reads the " +
        $"binary version, {ArchiveName}, from {HomePage}: pass that archive or the {FolderName} folder it unpacks to.";

    /// <summary>
    /// Fills the uint8 image tensors straight from the record buffers (one copy of 3,072 bytes per record, no
    /// per-pixel work) and collects the labels. Owns its tensors until <see cref="Build"/> hands them over.
    /// </summary>
    private sealed class DatasetBuilder : IDisposable
    {
        private const int RecordsPerChunk = 1024;   // about 3 MB per read

        private readonly Cifar10ReadOptions _options;
        private readonly string _container;
        private readonly int _records;
        private readonly int _trainKept;
        private readonly byte[] _trainLabels;
        private readonly byte[] _testLabels;
        private readonly bool[] _seen = new bool[BatchFileNames.Length];
        private readonly byte[] _buffer;
        private Tensor? _trainImages;
        private Tensor? _testImages;

        public DatasetBuilder(Cifar10ReadOptions options, string container)
        {
            _options = options;
            _container = container;
            _records = options.RecordsPerBatch;
            var trainTotal = _records * TrainBatchCount;
            _trainKept = Math.Min(options.Limit ?? trainTotal, trainTotal);
            _trainLabels = new byte[_trainKept];
            _testLabels = new byte[_records];
            _buffer = new byte[Math.Min(RecordsPerChunk, _records) * RecordBytes];
            _trainImages = empty([_trainKept, Channels, Height, Width], ScalarType.Byte).DetachFromDisposeScope();
            _testImages = empty([_records, Channels, Height, Width], ScalarType.Byte).DetachFromDisposeScope();
        }

        public int FilesRead => _seen.Count(seen => seen);

        public void ReadBatch(string name, Stream stream, CancellationToken cancellationToken)
        {
            var index = BatchIndex(name);
            if (_seen[index])
            {
                throw new DatasetException(
                    $"{_container} contains {name} twice; the CIFAR-10 binary version has it once. The archive is not " +
                    $"CIFAR-10's: {_options.Advice}");
            }

            _seen[index] = true;
            var isTest = index == TrainBatchCount;
            var firstRow = isTest ? 0 : index * _records;
            var keptRows = isTest ? _records : _trainKept;
            var labels = isTest ? _testLabels : _trainLabels;
            var images = (isTest ? _testImages : _trainImages)!;

            var done = 0;
            while (done < _records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(_buffer.Length / RecordBytes, _records - done);
                var wanted = count * RecordBytes;
                var read = stream.ReadAtLeast(_buffer, wanted, throwOnEndOfStream: false);
                if (read < wanted)
                {
                    var total = (long)_records * RecordBytes;
                    throw new DatasetException(
                        $"{name} in {_container} ends after {N((long)done * RecordBytes + read)} of {N(total)} bytes. " +
                        $"The data is truncated or was changed while loading: {_options.Advice}");
                }

                // Labels first, so a bad record is reported before anything else happens with it.
                for (var r = 0; r < count; r++)
                {
                    var label = _buffer[r * RecordBytes];
                    if (label >= ClassCount)
                    {
                        var record = done + r;
                        throw new DatasetException(
                            $"{name} in {_container} has label {label} in record {N(record + 1)} of {N(_records)} (byte " +
                            $"offset {N((long)record * RecordBytes)}); CIFAR-10 labels are 0 to 9. The file is corrupt or " +
                            $"not CIFAR-10: {_options.Advice}");
                    }

                    var row = firstRow + done + r;
                    if (row < keptRows)
                    {
                        labels[row] = label;
                    }
                }

                var rowsToCopy = Math.Min(count, keptRows - (firstRow + done));
                if (rowsToCopy > 0)
                {
                    // A live view of the tensor's native storage; each record's 3,072 pixel bytes are already CHW.
                    var pixels = images.bytes;
                    var destination = (firstRow + done) * ImageBytes;
                    for (var r = 0; r < rowsToCopy; r++)
                    {
                        _buffer.AsSpan(r * RecordBytes + 1, ImageBytes).CopyTo(pixels.Slice(destination + r * ImageBytes, ImageBytes));
                    }
                }

                done += count;
            }
        }

        public void CheckComplete()
        {
            for (var i = 0; i < BatchFileNames.Length; i++)
            {
                if (!_seen[i])
                {
                    throw new DatasetException(
                        $"{BatchFileNames[i]} is missing from the archive {_container}; the CIFAR-10 binary version has " +
                        $"data_batch_1.bin to data_batch_5.bin and {TestFileName}. The archive is incomplete or not " +
                        $"CIFAR-10's: {_options.Advice}");
                }
            }
        }

        public Cifar10Dataset Build(string[] classNames, string source)
        {
            var train = new LabeledImages(_trainImages!, LabelTensor(_trainLabels), _trainLabels, ClassCount);
            var test = new LabeledImages(_testImages!, LabelTensor(_testLabels), _testLabels, ClassCount);
            _trainImages = null;
            _testImages = null;
            return new Cifar10Dataset(train, test, classNames, source);
        }

        public void Dispose()
        {
            _trainImages?.Dispose();
            _testImages?.Dispose();
        }

        private static Tensor LabelTensor(byte[] labels)
        {
            var values = new long[labels.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                values[i] = labels[i];
            }

            return tensor(values, [values.Length]).DetachFromDisposeScope();
        }
    }
}
