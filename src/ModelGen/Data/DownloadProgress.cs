namespace ModelGen.Data;

/// <summary>How far a download has got, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="BytesReceived">Bytes received so far.</param>
/// <param name="TotalBytes">The size of the download, when the server announced it.</param>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes)
{
    /// <summary>The fraction done, from 0 to 1, or <see langword="null"/> when the total size is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1.0, (double)BytesReceived / TotalBytes.Value) : null;
}
