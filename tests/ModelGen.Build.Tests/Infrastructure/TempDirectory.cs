namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelgen-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies the pristine library from the NuGet cache to <paramref name="relativePath"/>, keeping its timestamp.</summary>
    public string CopyPristineLibrary(string relativePath = "libLibTorchSharp.so")
    {
        var target = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(TestEnvironment.PristineLibTorchSharp, target);
        File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(TestEnvironment.PristineLibTorchSharp));
        return target;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relativePath"/>.</summary>
    public string Write(string relativePath, byte[] bytes)
    {
        var target = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, bytes);
        return target;
    }

    /// <summary>Every file below the directory, relative to it, sorted.</summary>
    public string[] Files() =>
        Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the OS temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
