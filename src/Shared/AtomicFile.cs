// One way to write a file so that nobody ever sees half of it. This source file is compiled into several assemblies
// (the ModelGen runtime, ModelGen.Reporting and the netstandard2.0 build tasks), so it sticks to the netstandard2.0
// API surface: no spans, no File.Move(..., overwrite).
#nullable enable

using System;
using System.IO;
using System.Text;

namespace ModelGen.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the target's own folder (a rename never
/// crosses file systems there), which is flushed to disk and then renamed over the target. Readers see the old
/// file or the complete new one, never a part; a failed write deletes its temporary file and leaves the target
/// as it was. IO errors propagate unchanged, so callers can say which file and why in their own terms.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files (<c>.name.&lt;random&gt;.tmp</c> beside the target).</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Writes the bytes that <paramref name="write"/> puts into the stream to <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content; the stream is flushed to disk and closed afterwards.</param>
    /// <param name="keepPermissions">Start the temporary file as a copy of the existing target, so the replacement
    /// keeps its permission bits (an executable stays executable); <paramref name="write"/> then overwrites it.</param>
    public static void Write(string path, Action<Stream> write, bool keepPermissions = false)
    {
        if (path is null || path.Length == 0)
        {
            throw new ArgumentException("A file path is needed.", nameof(path));
        }

        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }

        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' is not a file path.", nameof(path));
        var temp = Path.Combine(folder, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + TempSuffix);
        try
        {
            var copied = keepPermissions && File.Exists(fullPath);
            if (copied)
            {
                File.Copy(fullPath, temp, overwrite: false);
            }

            using (var stream = new FileStream(temp, copied ? FileMode.Open : FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.SetLength(stream.Position);
                stream.Flush(flushToDisk: true);
            }

            // Both are rename(2) on Unix: atomic, and replacing the directory entry rather than writing through
            // it, so a hard link to the old file (say, into the NuGet cache) keeps the old content.
            if (File.Exists(fullPath))
            {
                File.Replace(temp, fullPath, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, fullPath);
            }
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] content) =>
        Write(path, stream => stream.Write(content, 0, content.Length));

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
        {
            // Best effort: the target is intact either way, and the write's own outcome is what matters.
        }
    }
}
