namespace ModelGen.Reporting;

/// <summary>
/// Writes a report's files (and other output such as diagrams) through the shared atomic writer: the content goes to
/// a temporary file in the same folder, flushed to disk, then renamed over the target, so a reader sees the old file
/// or the complete new one, never a part. What this class adds: output folders, and failures as
/// <see cref="ReportException"/>s that name the file and the cause in words for the user.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ReportException">The file could not be written (the message says why); an existing file is left as it was.</exception>
    public static void WriteAllBytes(string path, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var fullPath = Path.GetFullPath(path);
        try
        {
            IO.AtomicFile.WriteAllBytes(fullPath, content);
        }
        catch (Exception e) when (IsIoProblem(e))
        {
            throw new ReportException($"Could not write '{fullPath}': {Describe(e)}", fullPath, e);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (without a byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ReportException">The file could not be written (the message says why); an existing file is left as it was.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    /// <summary>Creates <paramref name="folder"/> (and its parents) if needed and returns its full path.</summary>
    /// <exception cref="ReportException">The folder could not be created (the message says why).</exception>
    public static string EnsureFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(folder);
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

    internal static bool IsIoProblem(Exception e) => IO.IoFailure.IsIoProblem(e);

    internal static string Describe(Exception e) => IO.IoFailure.Describe(e);
}
