using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Build.Tests.Infrastructure;

/// <summary>link(2) and the link count, which .NET does not expose.</summary>
internal static class HardLink
{
    public static void Create(string existing, string newPath)
    {
        if (link(Utf8(existing), Utf8(newPath)) != 0)
        {
            throw new IOException($"link({existing}, {newPath}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>st_nlink, via stat(1) to avoid depending on struct stat's layout.</summary>
    public static async Task<int> CountAsync(string path)
    {
        var result = await ProcessRunner.RunAsync("stat", ["-c", "%h", path], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        return int.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value + "\0");

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int link(byte[] oldPath, byte[] newPath);
}
