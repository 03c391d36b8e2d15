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

    /// <summary>The random part of a temporary file's name: a GUID's 32 lowercase hex digits.</summary>
    private const int UniquePartLength = 32;

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

    /// <summary>
    /// Whether <paramref name="fileName"/> is one of this writer's temporary files (<c>.name.&lt;32 hex digits&gt;.tmp</c>).
    /// A process killed while writing leaves one behind; nothing else makes files of that form.
    /// </summary>
    public static bool IsTemporaryFile(string fileName)
    {
        if (fileName is null || fileName.Length < 1 + 1 + 1 + UniquePartLength + TempSuffix.Length || fileName[0] != '.' ||
            !fileName.EndsWith(TempSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        var unique = fileName.Length - TempSuffix.Length - UniquePartLength;
        if (fileName[unique - 1] != '.')
        {
            return false;
        }

        for (var i = unique; i < unique + UniquePartLength; i++)
        {
            var c = fileName[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Deletes the temporary files that writes killed part-way (power loss, <c>kill -9</c>) left in
    /// <paramref name="folder"/>, and returns their names. Only call it while nothing else writes into the folder
    /// (a run holds the folder's lock), or a write in progress would lose its temporary file.
    /// </summary>
    public static string[] DeleteLeftovers(string folder)
    {
        var deleted = new System.Collections.Generic.List<string>();
        foreach (var path in Directory.GetFiles(folder, "." + "*" + TempSuffix))
        {
            var name = Path.GetFileName(path);
            if (IsTemporaryFile(name))
            {
                File.Delete(path);
                deleted.Add(name);
            }
        }

        return deleted.ToArray();
    }

    /// <summary>
    /// Checks that files can be created in <paramref name="folder"/>, as a write would create its temporary file: one is
    /// created and deleted. Throws what creating it throws (<see cref="UnauthorizedAccessException"/> for a read-only
    /// folder, an <see cref="IOException"/> for a full disk or a read-only file system).
    /// </summary>
    public static void CheckWritable(string folder)
    {
        var probe = Path.Combine(folder, "." + "write-check." + Guid.NewGuid().ToString("N") + TempSuffix);
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            TryDelete(probe);
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
