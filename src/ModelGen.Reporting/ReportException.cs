namespace ModelGen.Reporting;

/// <summary>
/// A report could not be written or rendered for an ordinary reason (a folder that cannot be created, a full
/// disk, a missing permission, a native graphics library that does not load). The message names the file and the
/// cause and is meant to be shown to the user as it is, without a stack trace.
/// </summary>
public sealed class ReportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why, for the user.</param>
    /// <param name="path">The file or folder concerned, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ReportException(string message, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file or folder concerned, or <see langword="null"/>.</summary>
    public string? Path { get; }
}
