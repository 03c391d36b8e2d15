using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGen.Editor.Tests;

/// <summary>
/// A minimal Language Server Protocol client over a child process's stdio: JSON-RPC 2.0 messages framed with a
/// <c>Content-Length</c> header. It sends requests and notifications, answers the server's own requests
/// (<c>workspace/configuration</c> with the given settings, everything else with <c>null</c>), and keeps the
/// server's notifications so a test can wait for one. Disposing shuts the server down and kills it (and anything
/// it started) if it has not exited; every wait has a timeout, and a timeout's message carries the server's
/// stderr and log messages.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly object _gate = new();
    private readonly Dictionary<long, TaskCompletionSource<JsonNode?>> _pending = [];
    private readonly List<JsonObject> _notifications = [];
    private readonly List<(string Method, Func<JsonObject, bool> Match, TaskCompletionSource<JsonObject> Done)> _waiters = [];
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _nextId;
    private bool _disposed;

    /// <summary>What <c>workspace/configuration</c> answers: section name to value (a missing section gets null).</summary>
    public Dictionary<string, JsonNode?> Configuration { get; } = new(StringComparer.Ordinal);

    private readonly List<JsonNode?> _configurationRequests = [];

    /// <summary>The server's <c>workspace/configuration</c> requests so far (their <c>params</c>).</summary>
    public IReadOnlyList<JsonNode?> ConfigurationRequests
    {
        get { lock (_gate)
            {
                return [.. _configurationRequests];
            }
        }
    }

    private LspClient(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_gate)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> and talks LSP over its stdio.</summary>
    public static LspClient Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        return new LspClient(process);
    }

    /// <summary>The server's stderr and <c>window/logMessage</c>/<c>window/showMessage</c> text so far.</summary>
    public string ServerOutput
    {
        get
        {
            lock (_gate)
            {
                return $"--- server stderr ---\n{(_stderr.Length == 0 ? "(empty)\n" : _stderr.ToString())}" +
                       $"--- server log messages ---\n{(_log.Length == 0 ? "(none)\n" : _log.ToString())}";
            }
        }
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[id] = done;
        }

        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        try
        {
            return await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw Failure($"no response to '{method}' within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(id);
            }
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>
    /// The first notification <paramref name="method"/> matching <paramref name="match"/> that no earlier wait has
    /// taken (already received or still to come).
    /// </summary>
    public async Task<JsonObject> WaitForNotificationAsync(string method, Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        TaskCompletionSource<JsonObject> done;
        lock (_gate)
        {
            var index = _notifications.FindIndex(n => (string?)n["method"] == method && match(n));
            if (index >= 0)
            {
                var found = _notifications[index];
                _notifications.RemoveAt(index);
                return found;
            }
            done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((method, match, done));
        }
        try
        {
            return await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw Failure($"no '{method}' notification arrived within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>An exception whose message ends with what the server said, for assertion and timeout messages.</summary>
    public LanguageServerException Failure(string message)
    {
        string state;
        try { state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running"; }
        catch (InvalidOperationException) { state = "state unknown"; }
        return new LanguageServerException($"{message}; server {state}.\n{ServerOutput}");
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _input.WriteAsync(header);
            await _input.WriteAsync(body);
            await _input.FlushAsync();
        }
        catch (IOException e)
        {
            throw Failure($"could not write to the server ({e.Message})");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var length = await ReadHeaderAsync();
                if (length < 0)
                {
                    break;                       // end of stream: the server exited
                }

                var body = new byte[length];
                await _output.ReadExactlyAsync(body, _stop.Token);
                if (JsonNode.Parse(body) is JsonObject message)
                {
                    await DispatchAsync(message);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or EndOfStreamException)
        {
            // The process ended or we are shutting down.
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _log.AppendLine($"[client] read loop failed: {e}");
            }
        }
        finally
        {
            lock (_gate)
            {
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(Failure("the server closed its output"));
                }
            }
        }
    }

    /// <summary>Reads header lines up to the empty line; returns Content-Length, or -1 at the end of the stream.</summary>
    private async Task<int> ReadHeaderAsync()
    {
        var contentLength = -1;
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _output.ReadAsync(one, _stop.Token) == 0)
            {
                return -1;
            }

            if (one[0] != (byte)'\n')
            {
                if (one[0] != (byte)'\r')
                {
                    line.Append((char)one[0]);
                }

                continue;
            }
            if (line.Length == 0)
            {
                if (contentLength < 0)
                {
                    throw new InvalidDataException("LSP message without a Content-Length header");
                }

                return contentLength;
            }
            var text = line.ToString();
            line.Clear();
            var colon = text.IndexOf(':');
            if (colon > 0 && text[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(text[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var method = (string?)message["method"];
        var hasId = message.TryGetPropertyValue("id", out var idNode) && idNode is not null;

        if (method is null && hasId)
        {
            // A response to one of our requests.
            TaskCompletionSource<JsonNode?>? pending;
            lock (_gate)
            {
                _pending.TryGetValue(idNode!.GetValue<long>(), out pending);
            }

            if (pending is null)
            {
                return;
            }

            if (message["error"] is JsonNode error)
            {
                pending.TrySetException(Failure($"the server answered with an error: {error.ToJsonString()}"));
            }
            else
            {
                pending.TrySetResult(message["result"]?.DeepClone());
            }

            return;
        }

        if (method is not null && hasId)
        {
            // A request from the server: answer it, or the server may wait for ever.
            JsonNode? result = null;
            if (method == "workspace/configuration")
            {
                var items = message["params"]?["items"]?.AsArray() ?? [];
                var answers = new JsonArray();
                lock (_gate)
                {
                    _configurationRequests.Add(message["params"]?.DeepClone());
                    foreach (var item in items)
                    {
                        var section = (string?)item?["section"] ?? "";
                        answers.Add(Configuration.TryGetValue(section, out var value) ? value?.DeepClone() : null);
                    }
                }
                result = answers;
            }
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = result });
            return;
        }

        if (method is null)
        {
            return;
        }

        if (method is "window/logMessage" or "window/showMessage")
        {
            lock (_gate)
            {
                _log.AppendLine($"[{method}] {(string?)message["params"]?["message"]}");
            }
        }
        lock (_gate)
        {
            var waiter = _waiters.FindIndex(w => w.Method == method && w.Match(message));
            if (waiter >= 0)
            {
                var done = _waiters[waiter].Done;
                _waiters.RemoveAt(waiter);
                done.TrySetResult(message);
            }
            else
            {
                _notifications.Add(message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited && !_readLoop.IsCompleted)
            {
                // The polite way first (shutdown, exit), briefly; then kill.
                using var polite = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await RequestAsync("shutdown", null, TimeSpan.FromSeconds(5));
                    await NotifyAsync("exit", null);
                    await _process.WaitForExitAsync(polite.Token);
                }
                catch (Exception)
                {
                    // Fall through to kill.
                }
            }
        }
        finally
        {
            if (!_process.HasExited)
            {
                try { _process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { /* exited meanwhile */ }
                _process.WaitForExit(10_000);
            }
            _stop.Cancel();
            try { await _readLoop.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { /* the read loop is blocked on a closed pipe: abandon it */ }
            _process.Dispose();
            _stop.Dispose();
            _writeLock.Dispose();
        }
    }
}

/// <summary>A language-server failure (timeout, error answer, lost connection); the message includes its output.</summary>
internal sealed class LanguageServerException(string message) : Exception(message);
