using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace ModelGen.Editor.Tests;

/// <summary>
/// One running <c>yaml-language-server --stdio</c> (the npm package pinned in <c>tests/editor/package.json</c>),
/// initialised and configured the way VS Code's YAML extension does it: <c>initialize</c>, <c>initialized</c>,
/// <c>workspace/didChangeConfiguration</c>, after which the server pulls the <c>yaml</c> settings with
/// <c>workspace/configuration</c>.
/// </summary>
internal sealed class YamlLanguageServer : IAsyncDisposable
{
    public const string InstallCommand = "npm ci --prefix tests/editor";

    private readonly LspClient _client;
    private readonly Dictionary<string, int> _versions = [];

    private YamlLanguageServer(LspClient client) => _client = client;

    public LspClient Client => _client;

    /// <summary>The repository root: the folder holding ModelGen.sln above this source file.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The language server's entry script inside <c>tests/editor/node_modules</c>.</summary>
    public static string ServerScript(string root) =>
        Path.Combine(root, "tests", "editor", "node_modules", "yaml-language-server", "bin", "yaml-language-server");

    /// <summary>The installed package's version (from its package.json).</summary>
    public static string InstalledVersion(string root)
    {
        var packageJson = Path.Combine(root, "tests", "editor", "node_modules", "yaml-language-server", "package.json");
        return (string?)JsonNode.Parse(File.ReadAllText(packageJson))?["version"] ?? "?";
    }

    /// <summary>
    /// Fails (never skips) when the language server is not installed under <paramref name="root"/>, saying how to
    /// install it.
    /// </summary>
    public static void EnsureInstalled(string root)
    {
        var script = ServerScript(root);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"yaml-language-server is not installed ({script} does not exist). These tests drive the real YAML " +
                "language server and do not pass without it. Building this project installs it (EditorNpmRestore.targets " +
                "runs `npm ci` in tests/editor, with Node.js 20 or later and npm), so it was removed after the last build " +
                $"of this project: build again (`dotnet test ModelGen.sln -c Release` does) or run `{InstallCommand}` from the repository root.");
        }
    }

    /// <summary>
    /// Starts the server with <c>node</c> and initialises it; <paramref name="yamlSettings"/> is the <c>yaml</c>
    /// settings section (sent with didChangeConfiguration and answered to every workspace/configuration request).
    /// Returns once the server has pulled and applied the settings.
    /// </summary>
    public static async Task<YamlLanguageServer> StartAsync(JsonObject yamlSettings)
    {
        var root = RepositoryRoot;
        EnsureInstalled(root);

        LspClient client;
        try
        {
            client = LspClient.Start("node", [ServerScript(root), "--stdio"], root);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"could not start `node` ({e.Message}). These tests drive the real YAML language server, which runs " +
                $"on Node.js: install Node.js 20 or later (with npm), put `node` on PATH and build again (the build runs `npm ci` in tests/editor).", e);
        }

        var server = new YamlLanguageServer(client);
        try
        {
            await server.InitializeAsync(root, yamlSettings);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(string root, JsonObject yamlSettings)
    {
        _client.Configuration["yaml"] = yamlSettings.DeepClone();
        _client.Configuration["http"] = new JsonObject();
        _client.Configuration["[yaml]"] = new JsonObject();
        _client.Configuration["editor"] = new JsonObject();

        var rootUri = new Uri(root.EndsWith('/') ? root : root + "/").AbsoluteUri;
        var result = await _client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["clientInfo"] = new JsonObject { ["name"] = "ModelGen.Editor.Tests", ["version"] = "1.0" },
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "ModelGen" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject
                {
                    ["configuration"] = true,
                    ["workspaceFolders"] = true,
                    ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false },
                },
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false, ["didSave"] = false },
                    ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["versionSupport"] = true },
                    ["completion"] = new JsonObject
                    {
                        ["dynamicRegistration"] = false,
                        ["contextSupport"] = true,
                        ["completionItem"] = new JsonObject
                        {
                            ["snippetSupport"] = true,
                            ["documentationFormat"] = new JsonArray("markdown", "plaintext"),
                        },
                    },
                    ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") },
                },
            },
        });
        if (result?["capabilities"]?["completionProvider"] is null)
        {
            throw _client.Failure($"the server does not offer completion: {result?.ToJsonString()}");
        }

        ServerInfo = $"{(string?)result?["serverInfo"]?["name"] ?? "yaml-language-server"} {InstalledVersion(root)}";

        await _client.NotifyAsync("initialized", new JsonObject());
        var pulls = CountConfigurationPulls();
        await _client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["yaml"] = yamlSettings.DeepClone() },
        });
        // didChangeConfiguration makes the server pull the settings (workspace/configuration). The code-lens
        // handler waits for that pull to be applied, so its answer means "settings in force": only then may a
        // document be opened (or its first validation could run without the schema).
        await _client.RequestAsync("textDocument/codeLens", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = rootUri + "not-open.model.yaml" },
        });
        if (CountConfigurationPulls() <= pulls)
        {
            throw _client.Failure("the server did not ask for its settings (workspace/configuration) after didChangeConfiguration");
        }
    }

    private int CountConfigurationPulls()
    {
        return _client.ConfigurationRequests.Count(r =>
            r?["items"]?.AsArray().Any(i => (string?)i?["section"] == "yaml") == true);
    }

    public string ServerInfo { get; private set; } = "";

    public async Task OpenAsync(string uri, string text)
    {
        _versions[uri] = 1;
        await _client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject
            {
                ["uri"] = uri,
                ["languageId"] = "yaml",
                ["version"] = 1,
                ["text"] = text,
            },
        });
    }

    /// <summary>The next diagnostics the server publishes for <paramref name="uri"/>.</summary>
    public async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string uri)
    {
        var notification = await _client.WaitForNotificationAsync(
            "textDocument/publishDiagnostics", n => (string?)n["params"]?["uri"] == uri);
        return [.. (notification["params"]?["diagnostics"]?.AsArray() ?? []).Select(d => new Diagnostic(
            Line: (int)d!["range"]!["start"]!["line"]!,
            EndLine: (int)d["range"]!["end"]!["line"]!,
            EndCharacter: (int)d["range"]!["end"]!["character"]!,
            Message: (string?)d["message"] ?? "",
            Source: (string?)d["source"] ?? ""))];
    }

    /// <summary>Opens <paramref name="text"/> as <paramref name="uri"/> and returns its first published diagnostics.</summary>
    public async Task<IReadOnlyList<Diagnostic>> OpenAndDiagnoseAsync(string uri, string text)
    {
        await OpenAsync(uri, text);
        return await DiagnosticsAsync(uri);
    }

    /// <summary>The labels <c>textDocument/completion</c> offers at (line, character), both 0-based.</summary>
    public async Task<IReadOnlyList<CompletionItem>> CompletionAsync(string uri, int line, int character)
    {
        var result = await _client.RequestAsync("textDocument/completion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
            ["context"] = new JsonObject { ["triggerKind"] = 1 },
        });
        var items = result switch
        {
            JsonArray array => array,
            JsonObject list => list["items"]?.AsArray() ?? [],
            _ => [],
        };
        return [.. items.Select(i => new CompletionItem(
            Label: (string?)i!["label"] ?? "",
            InsertText: (string?)i["insertText"] ?? (string?)i["textEdit"]?["newText"] ?? "",
            Kind: (int?)i["kind"] ?? 0,
            Documentation: Text(i["documentation"])))];
    }

    /// <summary>The text <c>textDocument/hover</c> shows at (line, character), both 0-based; empty when there is none.</summary>
    public async Task<string> HoverAsync(string uri, int line, int character)
    {
        var result = await _client.RequestAsync("textDocument/hover", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        });
        return Text(result?["contents"]);
    }

    /// <summary>LSP text that may be a string, a MarkupContent or a list of MarkedStrings.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonValue value => (string?)value ?? "",
        JsonObject markup => (string?)markup["value"] ?? "",
        JsonArray parts => string.Join("\n\n", parts.Select(Text)),
        _ => "",
    };

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static string FindRepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = Path.GetDirectoryName(thisFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "ModelGen.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException($"no ModelGen.sln above {thisFile} (the source path this test was compiled from)");
    }
}

/// <summary>A published diagnostic: 0-based start line, end (line, character), message and source.</summary>
internal sealed record Diagnostic(int Line, int EndLine, int EndCharacter, string Message, string Source)
{
    /// <summary>
    /// The last line the range covers any character of: a block node's range ends at character 0 of the line after
    /// it (it includes the line break), which an editor shows on the node's own line only.
    /// </summary>
    public int LastLine => EndLine > Line && EndCharacter == 0 ? EndLine - 1 : EndLine;

    public override string ToString() =>
        $"line {Line}{(LastLine != Line ? $"-{LastLine}" : "")}: {Message} [{Source}]";
}

internal sealed record CompletionItem(string Label, string InsertText, int Kind, string Documentation)
{
    public override string ToString() => $"{Label} -> '{InsertText}' (kind {Kind}{(Documentation.Length == 0 ? ", no documentation" : "")})";
}
