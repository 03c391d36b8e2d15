namespace ModelGen.Data;

/// <summary>
/// A dataset could not be found, downloaded or read, or does not fit the model it is given to. The message is
/// written for the person running the program: it names the file or the data and the problem and says what to do,
/// so an application can print it without a stack trace.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public DatasetException()
        : base("The dataset could not be loaded.")
    {
    }

    /// <summary>Creates the exception with a message for the user.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message for the user and the low-level error that caused it.</summary>
    public DatasetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
