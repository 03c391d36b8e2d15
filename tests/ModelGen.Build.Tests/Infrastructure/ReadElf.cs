namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>binutils' readelf, when installed: an independent second opinion on what the fix wrote.</summary>
internal static class ReadElf
{
    public static bool IsAvailable { get; } = ProcessRunner.IsOnPath("readelf");

    /// <summary>The flags readelf -V prints for <paramref name="version"/>, e.g. "none" or "WEAK".</summary>
    public static async Task<string> VersionNeedFlagsAsync(string path, string version)
    {
        var result = await ProcessRunner.RunAsync("readelf", ["-V", "-W", path], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.StandardOutput.Split('\n').Single(l => l.Contains($"Name: {version} ", StringComparison.Ordinal));
        var start = line.IndexOf("Flags: ", StringComparison.Ordinal) + "Flags: ".Length;
        var end = line.IndexOf("  Version:", start, StringComparison.Ordinal);
        return line[start..end].Trim();
    }
}
