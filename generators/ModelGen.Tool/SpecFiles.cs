using System.Text;
using ModelGen.Compiler;
using ModelGen.Compiler.Language;

namespace ModelGen.Tool;

/// <summary>
/// Finds and reads spec files for the tool with bounded work: every folder is walked once, however symbolic links
/// loop; a file too large to be a spec is never read; and devices and pipes (which report no length) are never read,
/// so <c>/dev/zero</c> cannot exhaust memory and a FIFO cannot hang the tool.
/// </summary>
internal static class SpecFiles
{
    /// <summary>The most bytes <see cref="SpecLimits.MaxSpecLength"/> characters can take in UTF-8.</summary>
    private const long MaxSpecBytes = 4L * SpecLimits.MaxSpecLength;

    /// <summary>
    /// Every *.model.yaml below <paramref name="folder"/> (paths as they continue <paramref name="folder"/>), in ordinal
    /// order, each real folder visited once.
    /// </summary>
    public static IReadOnlyList<string> Below(string folder)
    {
        var files = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Directory, string Path)>();
        pending.Push((new DirectoryInfo(folder), folder));
        while (pending.Count > 0)
        {
            var (directory, path) = pending.Pop();
            if (!visited.Add(RealPath(directory)))
            {
                continue;
            }

            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo child)
                {
                    pending.Push((child, Path.Combine(path, child.Name)));
                }
                else if (entry.Name.EndsWith(ModelCompiler.SpecExtension, StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(Path.Combine(path, entry.Name));
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Compiles the spec at <paramref name="path"/>: read when it can be a spec, reported as too large (MG0024, as the
    /// build would) without reading when it cannot.
    /// </summary>
    public static SpecCompilation Compile(string path, string rootNamespace)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxSpecBytes)
        {
            return ModelCompiler.Oversized(path, length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes");
        }

        // A device or a pipe reports length 0 (so does an empty file): read nothing, which the compiler reports as empty.
        return ModelCompiler.Compile(path, length == 0 ? string.Empty : ReadAtMost(path, MaxSpecBytes), rootNamespace);
    }

    /// <summary>The text of <paramref name="path"/>, at most <paramref name="maxBytes"/> of it (a file may grow while read).</summary>
    private static string ReadAtMost(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[Math.Min(stream.Length, maxBytes)];
        var read = 0;
        while (read < buffer.Length && stream.Read(buffer, read, buffer.Length - read) is var count and > 0)
        {
            read += count;
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, read), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string RealPath(DirectoryInfo directory) =>
        (directory.ResolveLinkTarget(returnFinalTarget: true) as DirectoryInfo)?.FullName ?? directory.FullName;
}
