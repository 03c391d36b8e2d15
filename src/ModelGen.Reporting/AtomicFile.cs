using System.Text;

namespace ModelGen.Reporting;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same folder, which is flushed to disk and
/// then renamed over the target, so a reader sees either the old file or the complete new one, never a part.
/// IO failures become <see cref="ReportException"/>s that name the file.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files; a crash can leave one behind, a later write never reuses it.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ReportException">The file could not be written (the message says why).</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath)
            ?? throw new ReportException($"Cannot write '{fullPath}': it is not a file path.", fullPath);
        var temp = System.IO.Path.Combine(
            folder, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            TryDelete(temp);
            throw new ReportException($"Could not write '{fullPath}': {Describe(e)}", fullPath, e);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (without a byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ReportException">The file could not be written (the message says why).</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>Creates <paramref name="folder"/> (and its parents) if needed and returns its full path.</summary>
    /// <exception cref="ReportException">The folder could not be created (the message says why).</exception>
    public static string EnsureFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string fullPath;
        try
        {
            fullPath = System.IO.Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ReportException($"'{folder}' is not a valid folder path: {e.Message}", folder, e);
        }

        if (File.Exists(fullPath))
        {
            throw new ReportException(
                $"Cannot write the report into '{fullPath}': it is a file, not a folder. Choose another output folder.",
                fullPath);
        }

        try
        {
            Directory.CreateDirectory(fullPath);
            return fullPath;
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            throw new ReportException($"Could not create the output folder '{fullPath}': {Describe(e)}", fullPath, e);
        }
    }

    internal static bool IsIoProblem(Exception e) =>
        e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException;

    internal static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => $"permission denied ({e.Message})",
        DirectoryNotFoundException => $"the folder does not exist ({e.Message})",
        PathTooLongException => $"the path is too long ({e.Message})",
        IOException when e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            => $"the disk is full ({e.Message})",
        _ => e.Message,
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            // Best effort: the write already failed and that is what the user needs to hear about.
        }
    }
}
