namespace ModelGen.Data;

/// <summary>Where the CIFAR-10 data was found, in the order <see cref="Cifar10Loader"/> looks.</summary>
public enum Cifar10Origin
{
    /// <summary>The path the caller passed (the <c>--data</c> option).</summary>
    DataOption,

    /// <summary>The path in the <c>MODELGEN_CIFAR10</c> environment variable.</summary>
    EnvironmentVariable,

    /// <summary>The per-user cache folder, filled by an earlier download.</summary>
    Cache,

    /// <summary>Nowhere yet: the official archive has to be downloaded into the cache folder.</summary>
    Download,
}

/// <summary>The result of <see cref="Cifar10Loader.Locate"/>: where the data is, or where a download will put it.</summary>
/// <param name="Origin">How the location was chosen.</param>
/// <param name="Path">
/// The full path: the archive or folder for <see cref="Cifar10Origin.DataOption"/> and
/// <see cref="Cifar10Origin.EnvironmentVariable"/>; the cache folder for <see cref="Cifar10Origin.Cache"/> and
/// <see cref="Cifar10Origin.Download"/>.
/// </param>
public sealed record Cifar10Location(Cifar10Origin Origin, string Path);
