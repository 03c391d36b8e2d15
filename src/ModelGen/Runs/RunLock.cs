using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelGen.IO;

namespace ModelGen.Runs;

/// <summary>Who holds (or held) a run folder's lock, as its lock file says.</summary>
/// <param name="ProcessId">The process id of the run.</param>
/// <param name="MachineName">The machine it ran on.</param>
/// <param name="StartedAt">When it took the lock.</param>
public sealed record RunLockHolder(int ProcessId, string MachineName, DateTimeOffset StartedAt)
{
    /// <summary>"process 1234 on host, since 2026-12-02 10:00:00 +00:00".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"process {ProcessId} on {MachineName}, since {StartedAt:yyyy-MM-dd HH:mm:ss zzz}");
}

/// <summary>
/// One training run at a time per folder. The lock is the operating system's lock on a byte of
/// <see cref="FileName"/> (<see cref="FileStream.Lock"/>: an fcntl lock on Linux), held while the run lasts and released
/// by the kernel when the process ends in any way, <c>kill -9</c> included; so a lock can never be left behind, only
/// the file's text. The file holds the holder's process id, machine and start time for the message a second run gets.
/// A file with text whose lock nobody holds was left by a run that was killed or crashed: it is taken over, and
/// <see cref="TakenOverFrom"/> says from whom. A run that ends normally empties the file.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file in a run's folder.</summary>
    public const string FileName = "run.lock";

    /// <summary>
    /// The byte that is locked, far past the file's text: on Windows a locked range cannot be read by others, and the
    /// text must stay readable for the message. Locking beyond the end of a file is allowed on Linux and Windows.
    /// </summary>
    private const long LockedByte = 1L << 40;

    private static readonly JsonSerializerOptions HolderJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly FileStream _file;

    private RunLock(FileStream file, string path, RunLockHolder? takenOverFrom)
    {
        _file = file;
        Path = path;
        TakenOverFrom = takenOverFrom;
    }

    /// <summary>The lock file (full path).</summary>
    public string Path { get; }

    /// <summary>The run whose left-over lock file was taken over (it is no longer running), or <see langword="null"/>.</summary>
    public RunLockHolder? TakenOverFrom { get; }

    /// <summary>Takes the lock of <paramref name="folder"/>, which must exist.</summary>
    /// <exception cref="RunException">Another process holds the lock (the message names it), or the lock file cannot
    /// be created (the folder is not writable).</exception>
    public static RunLock Acquire(string folder)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), FileName);
        FileStream file;
        try
        {
            // Others may open it too (to read who holds it); the lock, not the sharing mode, decides who runs.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RunException(
                $"The output folder {folder} is not writable: its lock file {path} cannot be created ({IoFailure.Describe(exception)}). " +
                "Make the folder writable, or choose another output folder.", exception);
        }

        if (OperatingSystem.IsMacOS())
        {
            // macOS has no FileStream.Lock: the text alone tells whether a run that is still alive holds the folder.
            if (ReadHolder(file) is { } holder && holder.MachineName == Environment.MachineName && IsRunning(holder.ProcessId))
            {
                file.Dispose();
                throw InUse(folder, path, holder, innerException: null);
            }
        }
        else
        {
            try
            {
                file.Lock(LockedByte, 1);
            }
            catch (IOException exception)
            {
                var holder = ReadHolder(file);
                file.Dispose();
                throw InUse(folder, path, holder, exception);
            }
        }

        try
        {
            var stale = ReadHolder(file);
            var self = new RunLockHolder(Environment.ProcessId, Environment.MachineName, DateTimeOffset.Now);
            Rewrite(file, JsonSerializer.Serialize(self, HolderJson) + "\n");
            return new RunLock(file, path, stale);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new RunException(
                $"The output folder {folder} is not writable: its lock file {path} cannot be written ({IoFailure.Describe(exception)}). " +
                "Free space on that disk or make the folder writable, or choose another output folder.", exception);
        }
    }

    /// <summary>Empties the lock file (so the next run finds no holder to take over) and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            Rewrite(_file, string.Empty);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The text only informs; the lock itself is released with the file below.
        }

        _file.Dispose();
    }

    private static RunException InUse(string folder, string path, RunLockHolder? holder, Exception? innerException) => new(
        $"The output folder {folder} is in use by another training run ({holder?.ToString() ?? "another process"}): it holds {path}. " +
        "Two runs in one folder would overwrite each other's checkpoints and model. Wait for that run to end, or choose another output folder.",
        innerException);

    private static void Rewrite(FileStream file, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        file.SetLength(0);
        file.Position = 0;
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }

    /// <summary>The holder the file names, or <see langword="null"/> when it is empty or not a lock file's text.</summary>
    private static RunLockHolder? ReadHolder(FileStream file)
    {
        try
        {
            var length = (int)Math.Min(file.Length, 4096);
            var bytes = new byte[length];
            file.Position = 0;
            file.ReadExactly(bytes);
            var text = Encoding.UTF8.GetString(bytes).Trim();
            return text.Length == 0 ? null : JsonSerializer.Deserialize<RunLockHolder>(text, HolderJson);
        }
        catch (Exception exception) when (exception is IOException or JsonException or NotSupportedException or EndOfStreamException)
        {
            return null;
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
