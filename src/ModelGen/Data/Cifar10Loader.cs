using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using ModelGen.IO;
using static ModelGen.Data.Cifar10Format;

namespace ModelGen.Data;

/// <summary>
/// Finds, downloads if necessary, validates and loads CIFAR-10 (binary version).
/// </summary>
/// <remarks>
/// <para>Where the data comes from (<see cref="Locate"/>), first match wins:</para>
/// <list type="number">
/// <item>the path passed to <see cref="LoadAsync"/> (the <c>--data</c> option): the <c>cifar-10-binary.tar.gz</c>
/// archive, the extracted <c>cifar-10-batches-bin</c> folder, or a folder containing either;</item>
/// <item>the environment variable <c>MODELGEN_CIFAR10</c>, same forms;</item>
/// <item>the per-user cache folder <see cref="CacheDirectory"/>, if it exists;</item>
/// <item>otherwise the official archive is downloaded from <see cref="OfficialUrl"/>, its MD5 checked against
/// <see cref="OfficialArchiveMd5"/>, and unpacked into the cache atomically (into a temporary folder beside it, then
/// renamed), so an interrupted download never leaves a half-filled cache.</item>
/// </list>
/// <para>Local data is validated by structure, not by checksum, and is only ever read. An archive is streamed into
/// memory without being extracted.</para>
/// </remarks>
public sealed class Cifar10Loader
{
    /// <summary>The environment variable that points at the data when no path is passed: <c>MODELGEN_CIFAR10</c>.</summary>
    public const string EnvironmentVariable = "MODELGEN_CIFAR10";

    /// <summary>The official address of the binary version.</summary>
    public const string OfficialUrl = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    /// <summary>The MD5 of the official archive, checked after a download (local archives are checked by structure).</summary>
    public const string OfficialArchiveMd5 = "c32a1d4ab5d03f1284b67883e8d87530";

    private const int ProgressStepBytes = 256 * 1024;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<HttpClient> SharedClient = new(CreateDefaultClient);

    private readonly HttpClient? _httpClient;
    private string? _cacheDirectory;

    /// <summary>A loader that downloads with its own <see cref="HttpClient"/> when it has to.</summary>
    public Cifar10Loader()
    {
    }

    /// <summary>A loader that downloads with <paramref name="httpClient"/> (for proxies, custom handlers, tests).</summary>
    public Cifar10Loader(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
    }

    /// <summary>
    /// The per-user cache folder: <c>$XDG_CACHE_HOME/modelgen/cifar-10</c>, else <c>~/.cache/modelgen/cifar-10</c>;
    /// on Windows <c>%LOCALAPPDATA%\modelgen\cifar-10</c>.
    /// </summary>
    public static string DefaultCacheDirectory => DefaultCacheDirectoryFor(Environment.GetEnvironmentVariable);

    /// <summary>Where the download goes and where it is looked for; <see cref="DefaultCacheDirectory"/> unless set.</summary>
    public string CacheDirectory
    {
        get => _cacheDirectory ?? DefaultCacheDirectoryFor(GetEnvironmentVariable);
        init => _cacheDirectory = Path.GetFullPath(value);
    }

    /// <summary>Receives the download's progress (bytes so far and the total), e.g. to drive a progress bar.</summary>
    public IProgress<DownloadProgress>? DownloadProgress { get; init; }

    // Test seams: tiny batch files, a fake environment, another address or checksum.
    internal int RecordsPerBatch { get; init; } = OfficialRecordsPerBatch;
    internal Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
    internal Uri DownloadUri { get; init; } = new(OfficialUrl);
    internal string ExpectedArchiveMd5 { get; init; } = OfficialArchiveMd5;

    /// <summary>
    /// Decides where the data comes from without reading it: <paramref name="dataPath"/> if given, else
    /// <c>MODELGEN_CIFAR10</c>, else the cache folder if it exists, else <see cref="Cifar10Origin.Download"/>.
    /// Lets an application show a progress bar only when a download is coming.
    /// </summary>
    /// <param name="dataPath">The <c>--data</c> path, or <see langword="null"/>.</param>
    public Cifar10Location Locate(string? dataPath = null)
    {
        if (!string.IsNullOrWhiteSpace(dataPath))
        {
            return new Cifar10Location(Cifar10Origin.DataOption, FullPath(dataPath));
        }

        var fromEnvironment = GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new Cifar10Location(Cifar10Origin.EnvironmentVariable, FullPath(fromEnvironment));
        }

        var cache = CacheDirectory;
        return new Cifar10Location(Directory.Exists(cache) ? Cifar10Origin.Cache : Cifar10Origin.Download, cache);
    }

    /// <summary>
    /// Finds the data (see <see cref="Locate"/>), downloads it into the cache if it is nowhere, validates it and
    /// loads it into memory.
    /// </summary>
    /// <param name="dataPath">The <c>--data</c> path (archive or folder), or <see langword="null"/> to look further.</param>
    /// <param name="limit">Keep only the first <paramref name="limit"/> training images (at least 1).</param>
    /// <param name="cancellationToken">Cancels the download or the read.</param>
    /// <exception cref="DatasetException">The data is missing, damaged, or could not be downloaded; the message
    /// says which file and what to do.</exception>
    public async Task<Cifar10Dataset> LoadAsync(string? dataPath = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        Cifar10Dataset.CheckLimit(limit);
        var location = Locate(dataPath);
        if (location.Origin == Cifar10Origin.Download)
        {
            await DownloadToCacheAsync(cancellationToken).ConfigureAwait(false);
        }

        var options = new Cifar10ReadOptions
        {
            RecordsPerBatch = RecordsPerBatch,
            Limit = limit,
            Origin = location.Origin,
            CacheDirectory = CacheDirectory,
        };
        return Cifar10Reader.Read(location.Path, options, cancellationToken);
    }

    /// <summary>
    /// Downloads the official archive, checks its MD5 and unpacks the batch files into <see cref="CacheDirectory"/>
    /// (as <c>cifar-10-batches-bin/</c>): first into a temporary folder beside it, which is then renamed, so the
    /// cache is either complete or absent. Nothing is left behind on failure. Returns the cache folder.
    /// </summary>
    /// <exception cref="DatasetException">No network, an HTTP error, a wrong checksum or an unexpected archive.</exception>
    public async Task<string> DownloadToCacheAsync(CancellationToken cancellationToken = default)
    {
        var cache = CacheDirectory;
        if (Directory.Exists(cache))
        {
            return cache;
        }

        var parent = Path.GetDirectoryName(cache) ?? throw new DatasetException($"The cache folder {cache} has no parent folder.");
        var createdParent = !Directory.Exists(parent);
        var unique = Guid.NewGuid().ToString("N")[..12];
        var archivePath = Path.Combine(parent, $".{Path.GetFileName(cache)}.{unique}.download");
        var extractPath = Path.Combine(parent, $".{Path.GetFileName(cache)}.{unique}.tmp");
        var succeeded = false;
        try
        {
            Directory.CreateDirectory(parent);
            DeleteStaleLeftovers(parent, Path.GetFileName(cache));
            var md5 = await DownloadAsync(archivePath, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(md5, ExpectedArchiveMd5, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatasetException(
                    $"The archive downloaded from {DownloadUri} has MD5 {md5}, but the official {ArchiveName} has " +
                    $"{ExpectedArchiveMd5}: the download was corrupted or the file on the server has changed. Nothing " +
                    $"was saved to the cache. Run again to retry, or pass a copy you trust with --data " +
                    $"path/to/{ArchiveName} (or set {EnvironmentVariable}).");
            }

            Unpack(archivePath, Path.Combine(extractPath, FolderName), cancellationToken);
            try
            {
                Directory.Move(extractPath, cache);
            }
            catch (IOException) when (Directory.Exists(cache))
            {
                // Another process finished the same download first; its copy is as good as ours.
            }

            succeeded = true;
            return cache;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new DatasetException(
                $"The CIFAR-10 download could not be saved in the cache folder {cache} ({exception.Message.TrimEnd('.')}). " +
                $"Make the folder writable or point XDG_CACHE_HOME elsewhere, or pass a local copy with --data " +
                $"path/to/{ArchiveName} (or set {EnvironmentVariable}).",
                exception);
        }
        finally
        {
            TryDelete(() => File.Delete(archivePath));
            TryDelete(() => { if (Directory.Exists(extractPath)) { Directory.Delete(extractPath, recursive: true); } });
            if (!succeeded && createdParent)
            {
                TryDelete(() => { if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) { Directory.Delete(parent); } });
            }
        }
    }

    internal static string DefaultCacheDirectoryFor(Func<string, string?> getEnvironmentVariable)
    {
        string root;
        if (OperatingSystem.IsWindows())
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            var xdg = getEnvironmentVariable("XDG_CACHE_HOME");
            root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)   // the XDG spec ignores relative paths
                ? xdg
                : Path.Combine(getEnvironmentVariable("HOME") is { Length: > 0 } home
                    ? home
                    : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.GetFullPath(Path.Combine(root, "modelgen", "cifar-10"));
    }

    private string FullPath(string path)
    {
        path = path.Trim();
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            path = Path.Combine(home, path.Length > 2 ? path[2..] : "");
        }

        return Path.GetFullPath(path);
    }

    private async Task<string> DownloadAsync(string archivePath, CancellationToken cancellationToken)
    {
        var client = _httpClient ?? SharedClient.Value;
        try
        {
            using var response = await client.GetAsync(DownloadUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw NotDownloaded($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), null);
            }

            var total = response.Content.Headers.ContentLength;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    long received = 0;
                    long reported = 0;
                    DownloadProgress?.Report(new DownloadProgress(0, total));
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    while (true)
                    {
                        stall.CancelAfter(StallTimeout);
                        int read;
                        try
                        {
                            read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw NotDownloaded($"no data arrived for {StallTimeout.TotalSeconds:0} seconds", exception);
                        }

                        if (read == 0)
                        {
                            break;
                        }


                        md5.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        received += read;
                        if (received - reported >= ProgressStepBytes)
                        {
                            reported = received;
                            DownloadProgress?.Report(new DownloadProgress(received, total));
                        }
                    }

                    if (total is { } expected && received != expected)
                    {
                        throw NotDownloaded($"the connection ended after {N(received)} of {N(expected)} bytes", null);
                    }

                    DownloadProgress?.Report(new DownloadProgress(received, total));
                }
            }

            return Convert.ToHexStringLower(md5.GetHashAndReset());
        }
        catch (HttpRequestException exception)
        {
            throw NotDownloaded(Innermost(exception), exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw NotDownloaded("the connection timed out", exception);
        }
        catch (IOException exception)
        {
            throw NotDownloaded(Innermost(exception), exception);
        }
    }

    private DatasetException NotDownloaded(string reason, Exception? inner) => new(
        $"CIFAR-10 could not be downloaded from {DownloadUri} ({reason.TrimEnd('.')}), and there is no local copy to use " +
        $"instead: no --data path, no {EnvironmentVariable} variable, nothing in the cache folder {CacheDirectory}. " +
        $"If you have the binary version of CIFAR-10, pass it with --data path/to/{ArchiveName} (the archive, or the " +
        $"{FolderName} folder it unpacks to) or set the environment variable {EnvironmentVariable} to that path; " +
        $"otherwise check the internet connection and run again.",
        inner);

    /// <summary>Writes the six batch files and batches.meta.txt of the archive into <paramref name="folder"/>, then checks them.</summary>
    private void Unpack(string archivePath, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var options = new Cifar10ReadOptions { RecordsPerBatch = RecordsPerBatch, Origin = Cifar10Origin.Download, CacheDirectory = CacheDirectory };
        try
        {
            using var file = File.OpenRead(archivePath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = entry.Name.Replace('\\', '/');
                name = name[(name.LastIndexOf('/') + 1)..];
                // Only the known file names are written, so no entry can escape the folder.
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                    && (BatchIndex(name) >= 0 || name == MetaFileName))
                {
                    AtomicFile.Write(Path.Combine(folder, name), output => entry.DataStream?.CopyTo(output));
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            throw new DatasetException(
                $"The archive downloaded from {DownloadUri} could not be unpacked ({exception.Message.TrimEnd('.')}). " +
                $"Nothing was saved to the cache. Run again, or pass a local copy with --data path/to/{ArchiveName}.",
                exception);
        }

        try
        {
            Cifar10Reader.CheckFolderStructure(folder, options);
        }
        catch (DatasetException exception)
        {
            throw new DatasetException(
                $"The archive downloaded from {DownloadUri} is not the CIFAR-10 binary version: {exception.Message.Split(';')[0]}. " +
                $"Nothing was saved to the cache. Pass a local copy with --data path/to/{ArchiveName}.",
                exception);
        }
    }

    /// <summary>Removes what a killed download (no chance to clean up) left beside the cache more than a day ago.</summary>
    private static void DeleteStaleLeftovers(string parent, string cacheName)
    {
        var cutoff = DateTime.UtcNow.AddDays(-1);
        foreach (var path in Directory.EnumerateFileSystemEntries(parent, $".{cacheName}.*"))
        {
            if ((path.EndsWith(".download", StringComparison.Ordinal) || path.EndsWith(".tmp", StringComparison.Ordinal))
                && File.GetLastWriteTimeUtc(path) < cutoff)
            {
                TryDelete(() =>
                {
                    if (Directory.Exists(path))
                    {
                        Directory.Delete(path, recursive: true);
                    }
                    else
                    {
                        File.Delete(path);
                    }
                });
            }
        }
    }

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception.Message;
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static HttpClient CreateDefaultClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };   // until the headers arrive
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ModelGen/" + typeof(Cifar10Loader).Assembly.GetName().Version?.ToString(3));
        return client;
    }
}
