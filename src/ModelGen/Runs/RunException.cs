namespace ModelGen.Runs;

/// <summary>
/// A run could not start or finish for a reason the person running it can fix (a missing model file, an output
/// folder that cannot be created). The message says what and how, so an application can print it without a stack trace.
/// </summary>
public sealed class RunException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public RunException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
