// How a failed file operation is put in words for the person running the program. Compiled into the runtime,
// reporting and ONNX assemblies, so every message about a full disk or a read-only folder reads the same.
#nullable enable

using System;
using System.IO;

namespace ModelGen.IO;

/// <summary>Describes why a file operation failed, in words a user can act on.</summary>
internal static class IoFailure
{
    /// <summary>errno values on Linux (what .NET puts in <see cref="Exception.HResult"/> of an <see cref="IOException"/> there).</summary>
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;

    /// <summary>Whether <paramref name="exception"/> is a failed file operation (rather than a bug).</summary>
    public static bool IsIoProblem(Exception exception) =>
        exception is IOException || exception is UnauthorizedAccessException || exception is System.Security.SecurityException || exception is NotSupportedException;

    /// <summary>Whether the disk (or the user's quota on it) is full.</summary>
    public static bool IsDiskFull(Exception exception) =>
        exception is IOException &&
        (exception.HResult == NoSpace || exception.HResult == QuotaExceeded ||
         exception.Message.IndexOf("No space left", StringComparison.OrdinalIgnoreCase) >= 0 ||
         exception.Message.IndexOf("not enough space", StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>"the disk is full (No space left on device ...)", "permission denied (...)", or the message itself.</summary>
    public static string Describe(Exception exception)
    {
        if (exception is UnauthorizedAccessException)
        {
            return $"permission denied ({exception.Message})";
        }

        if (exception is DirectoryNotFoundException)
        {
            return $"the folder does not exist ({exception.Message})";
        }

        if (exception is PathTooLongException)
        {
            return $"the path is too long ({exception.Message})";
        }

        if (IsDiskFull(exception))
        {
            return $"the disk is full ({exception.Message})";
        }

        if (exception is IOException && exception.HResult == ReadOnlyFileSystem)
        {
            return $"the file system is read-only ({exception.Message})";
        }

        return exception.Message;
    }
}
