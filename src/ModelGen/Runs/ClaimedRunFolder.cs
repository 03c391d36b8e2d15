using ModelGen.IO;

namespace ModelGen.Runs;

/// <summary>
/// A training run's folder, held for the run: created if needed, checked writable before any training, locked
/// against a second run (<see cref="RunLock"/>), and cleared of the temporary files that a killed run's interrupted
/// writes left behind. Disposing it releases the lock.
/// </summary>
public sealed class ClaimedRunFolder : IDisposable
{
    private readonly RunLock _lock;

    private ClaimedRunFolder(string path, RunLock runLock, IReadOnlyList<string> removedLeftovers)
    {
        Path = path;
        _lock = runLock;
        RemovedLeftovers = removedLeftovers;
    }

    /// <summary>The folder (full path).</summary>
    public string Path { get; }

    /// <summary>The run whose left-over lock was taken over (it is no longer running), or <see langword="null"/>.</summary>
    public RunLockHolder? TakenOverFrom => _lock.TakenOverFrom;

    /// <summary>The names of the temporary files of interrupted writes that were deleted.</summary>
    public IReadOnlyList<string> RemovedLeftovers { get; }

    /// <summary>What happened to the folder that a person running the run should know, as sentences.</summary>
    public IReadOnlyList<string> Notes =>
    [
        .. TakenOverFrom is { } holder
            ? [$"The folder's lock was left by a run that is no longer running ({holder}; it was killed or crashed): taken over."]
            : Array.Empty<string>(),
        .. RemovedLeftovers.Count > 0
            ? [$"Deleted {RemovedLeftovers.Count} temporary file(s) of writes that an interrupted run left unfinished: {string.Join(", ", RemovedLeftovers)}."]
            : Array.Empty<string>(),
    ];

    /// <summary>Creates (if needed), checks and locks <paramref name="folder"/> for one training run.</summary>
    /// <exception cref="RunException">The folder cannot be created or written, or another run holds it.</exception>
    public static ClaimedRunFolder Claim(string folder)
    {
        var path = RunFolder.Create(folder);
        var runLock = RunLock.Acquire(path);
        try
        {
            // The lock file may exist and be writable where new files cannot be made; every later write makes one.
            AtomicFile.CheckWritable(path);
            return new ClaimedRunFolder(path, runLock, AtomicFile.DeleteLeftovers(path));
        }
        catch (Exception exception) when (IoFailure.IsIoProblem(exception))
        {
            runLock.Dispose();
            throw new RunException(
                $"The output folder {path} is not writable: {IoFailure.Describe(exception)}. Nothing was trained. Make the folder " +
                "writable or free space on its disk, or choose another output folder.", exception);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>Releases the folder's lock.</summary>
    public void Dispose() => _lock.Dispose();
}
