using System.Diagnostics;
using System.Text;

namespace ModelGen.Testing;

/// <summary>Result of a finished child process.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() =>
        $"$ {Command}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}{StandardOutput}{Environment.NewLine}{StandardError}";
}

/// <summary>Runs child processes with captured output and a timeout (shared by the test projects that build and run apps).</summary>
public static class ProcessRunner
{
    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH is set by the SDK), or dotnet from PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Whether <paramref name="program"/> can be found on PATH.</summary>
    public static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(DotnetHost, arguments, workingDirectory, timeout);

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test runs inside `dotnet test`, whose MSBuild exports variables that would steer a nested build
        // (MSBuildExtensionsPath, MSBUILD_EXE_PATH, MSBuildSDKsPath, ...). Give child processes a clean slate.
        foreach (var name in startInfo.Environment.Keys.ToList())
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
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}:{Environment.NewLine}{stdout}{stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        var command = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }
}
