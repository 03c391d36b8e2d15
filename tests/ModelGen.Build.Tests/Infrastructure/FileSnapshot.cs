namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>Content, timestamp and permissions of a file, for "left untouched" assertions.</summary>
internal sealed record FileSnapshot(byte[] Bytes, DateTime LastWriteUtc, UnixFileMode Mode)
{
    public static FileSnapshot Take(string path) =>
        new(File.ReadAllBytes(path), File.GetLastWriteTimeUtc(path), File.GetUnixFileMode(path));

    public void AssertUnchanged(string path)
    {
        var now = Take(path);
        Assert.True(Bytes.AsSpan().SequenceEqual(now.Bytes), $"{path} content changed");
        Assert.Equal(LastWriteUtc, now.LastWriteUtc);
        Assert.Equal(Mode, now.Mode);
    }
}
