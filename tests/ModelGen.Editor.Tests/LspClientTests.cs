using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ModelGen.Editor.Tests;

/// <summary>The test client's own robustness: a server that never answers costs a timeout, not a hang.</summary>
public sealed class LspClientTests
{
    [Fact]
    public async Task A_silent_server_times_out_with_its_stderr_in_the_message_and_is_killed()
    {
        YamlLanguageServer.EnsureInstalled(YamlLanguageServer.RepositoryRoot);   // the same Node.js the tests need
        var client = LspClient.Start(
            "node", ["-e", "process.stderr.write('listening, never answering\\n'); setInterval(() => {}, 1000);"],
            YamlLanguageServer.RepositoryRoot);
        var pid = client.ProcessId;
        LanguageServerException error;
        var clock = Stopwatch.StartNew();
        try
        {
            error = await Assert.ThrowsAsync<LanguageServerException>(() =>
                client.RequestAsync("initialize", new JsonObject(), TimeSpan.FromSeconds(2)));
        }
        finally
        {
            await client.DisposeAsync();
        }

        Assert.Contains("no response to 'initialize' within 2 s", error.Message);
        Assert.Contains("listening, never answering", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"timing out and killing took {clock.Elapsed}");
        Assert.False(IsRunning(pid), $"the server process {pid} still runs after Dispose");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
