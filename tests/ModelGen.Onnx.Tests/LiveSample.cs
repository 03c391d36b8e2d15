using System.Diagnostics;
using System.Text;

namespace ModelGen.Onnx.Tests;

/// <summary>The sample running in its own process, watched while it runs (to kill it at a chosen moment).</summary>
internal sealed class LiveSample : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LiveSample(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>What it printed so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static LiveSample Start(string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(SampleProgram.Dll), $"The sample is not built at {SampleProgram.Dll}.");
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(ProcessRunner.DotnetHost, [SampleProgram.Dll, .. arguments])
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var sample = new LiveSample(process);
        process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Polls <paramref name="condition"/> every millisecond until it holds; fails if the process ends first.</summary>
    public void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(_process.HasExited, $"The sample ended before {what}:\n{Output}");
            Assert.True(watch.Elapsed < (timeout ?? TimeSpan.FromMinutes(3)), $"Timed out waiting for {what}:\n{Output}");
            Thread.Sleep(1);
        }
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromMinutes(5)), "the sample did not end within 5 minutes");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
