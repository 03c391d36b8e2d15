using System.Diagnostics;
using System.Text;

namespace ModelGen.Package.Tests.Infrastructure;

/// <summary>Result of a finished child process.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output followed by standard error.</summary>
    public string Output => StandardOutput + StandardError;

    /// <inheritdoc />
    public override string ToString() =>
        $"$ {Command}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}{StandardOutput}{Environment.NewLine}{StandardError}";
}

/// <summary>Runs the dotnet host with captured output, a clean MSBuild environment and a timeout.</summary>
public static class ProcessRunner
{
    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH), or dotnet from PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // `dotnet test` runs us under MSBuild, which exports variables that would steer a nested build
        // (MSBuildExtensionsPath, MSBUILD_EXE_PATH, MSBuildSDKsPath, ...): a real consumer has none of them.
        foreach (string name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // Only the process tree this call started.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' did not finish within {timeout}:{Environment.NewLine}{stdout}{stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        string command = $"dotnet {string.Join(' ', startInfo.ArgumentList)}";
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }
}
