namespace ModelGen.Testing;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it when disposed.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "modelgen-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>
/// A folder nobody can create files in. A folder with its write bits removed stops other users but not root (CI runs
/// as root), so when a probe shows it still writable, sysfs's /sys/kernel stands in: creating a file there is denied
/// to root as well. Neither working fails the test rather than testing nothing.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly TemporaryFolder _temporary = new();

    public ReadOnlyFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Read-only folders are made with Unix file modes here.");
        }

        System.IO.File.SetUnixFileMode(_temporary.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Path = !IsWritable(_temporary.Path) ? _temporary.Path
            : !IsWritable("/sys/kernel") ? "/sys/kernel"
            : throw new InvalidOperationException("Found no folder this test cannot write to (neither a read-only temporary folder nor /sys/kernel).");
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(_temporary.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _temporary.Dispose();
    }

    private static bool IsWritable(string folder)
    {
        var probe = System.IO.Path.Combine(folder, ".probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (System.IO.File.Create(probe))
            {
            }

            System.IO.File.Delete(probe);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
