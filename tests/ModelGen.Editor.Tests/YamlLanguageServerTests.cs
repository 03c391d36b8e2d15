using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ModelGen.Editor.Tests;

/// <summary>
/// The editor experience, tested with the real yaml-language-server (what VS Code's YAML extension, and other
/// editors' YAML plugins, run): specs named <c>*.model.yaml</c> are mapped to schemas/modelgen.model.schema.json
/// by the <c>yaml.schemas</c> setting or by a modeline, and then get schema diagnostics and completion.
/// Each test starts its own server process and kills it at the end.
/// </summary>
public sealed class YamlLanguageServerTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-lsp-").FullName;

    public YamlLanguageServerTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Root => YamlLanguageServer.RepositoryRoot;

    private static string SchemaPath => Path.Combine(Root, "schemas", "modelgen.model.schema.json");

    private static string SchemaUri
    {
        get
        {
            Assert.True(File.Exists(SchemaPath), $"the schema under test, {SchemaPath}, does not exist");
            return new Uri(SchemaPath).AbsoluteUri;
        }
    }

    /// <summary>The <c>yaml</c> settings a VS Code user would set (plus no downloads).</summary>
    private static JsonObject Settings(bool mapSchema = true) => new()
    {
        ["validate"] = true,
        ["completion"] = true,
        ["hover"] = true,
        ["schemas"] = mapSchema ? new JsonObject { [SchemaUri] = "*.model.yaml" } : new JsonObject(),
        // Offline and deterministic: no download of the schemastore.org catalogue or Kubernetes schemas.
        ["schemaStore"] = new JsonObject { ["enable"] = false },
        ["kubernetesCRDStore"] = new JsonObject { ["enable"] = false },
    };

    private string TempSpecUri(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return new Uri(path).AbsoluteUri;
    }

    private static int LineOf(string text, string fragment)
    {
        var lines = text.Split('\n');
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(fragment, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"'{fragment}' should occur on exactly one line of the test spec");
        return matches[0];
    }

    /// <summary>Removes the one <c>&lt;cursor&gt;</c> marker; returns the text and the marker's 0-based LSP position.</summary>
    private static (string Text, int Line, int Character) WithCursor(string marked)
    {
        const string Marker = "<cursor>";
        var at = marked.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0 && marked.IndexOf(Marker, at + 1, StringComparison.Ordinal) < 0, "one cursor marker expected");
        var before = marked[..at];
        var line = before.Count(c => c == '\n');
        return (marked.Remove(at, Marker.Length), line, at - (before.LastIndexOf('\n') + 1));
    }

    private const string BrokenSpec = """
        model: BrokenNet
        input: [3, 32, 32]
        classes: 10
        layers:
          - conv2: {filters: 16, kernel: 3}
          - max_pool2d: 2
          - dropout: 1.5
          - flatten
          - dense: 10
          - softmax

        """;

    [Fact]
    public async Task Misspelled_layer_type_and_out_of_range_value_get_schema_diagnostics_on_their_lines()
    {
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var uri = TempSpecUri("broken.model.yaml", BrokenSpec);

        var diagnostics = await server.OpenAndDiagnoseAsync(uri, BrokenSpec);
        Log(server, "broken.model.yaml", diagnostics);

        var typoLine = LineOf(BrokenSpec, "- conv2:");
        var rangeLine = LineOf(BrokenSpec, "- dropout: 1.5");
        var because = $"diagnostics:\n{string.Join("\n", diagnostics)}\n{server.Client.ServerOutput}";
        Assert.True(diagnostics.Any(d => d.Line == typoLine), $"no diagnostic on line {typoLine} (conv2); {because}");
        Assert.True(diagnostics.Any(d => d.Line == rangeLine), $"no diagnostic on line {rangeLine} (dropout 1.5); {because}");
        Assert.True(diagnostics.All(d => d.LastLine == d.Line && (d.Line == typoLine || d.Line == rangeLine)),
            $"diagnostics only on lines {typoLine} and {rangeLine} expected; {because}");
        Assert.All(diagnostics, d => Assert.StartsWith("yaml-schema:", d.Source));
    }

    /// <summary>Every spec in models/ (the CIFAR-10 network first).</summary>
    public static TheoryData<string> Models()
    {
        var names = Directory.GetFiles(Path.Combine(Root, "models"), "*.model.yaml").Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n == "cifar10-cnn.model.yaml" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
        if (!names.Contains("cifar10-cnn.model.yaml"))
        {
            throw new InvalidOperationException("models/cifar10-cnn.model.yaml is missing");
        }

        return [.. names];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task The_valid_specs_in_models_get_no_diagnostics(string name)
    {
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var path = Path.Combine(Root, "models", name);
        var text = File.ReadAllText(path);
        // Opened where it lives (an editor opens the real file), so a relative modeline in it resolves as in the editor.
        var uri = new Uri(path).AbsoluteUri;

        var diagnostics = await server.OpenAndDiagnoseAsync(uri, text);
        Log(server, $"models/{name}", diagnostics);
        Assert.True(diagnostics.Count == 0,
            $"models/{name} is valid but got:\n{string.Join("\n", diagnostics)}\n{server.Client.ServerOutput}");

        // Control: the same server, configured the same way, does flag a broken spec; so "no diagnostics" above
        // means the schema was applied and accepted the file, not that no schema was in force.
        var broken = await server.OpenAndDiagnoseAsync(TempSpecUri("control.model.yaml", BrokenSpec), BrokenSpec);
        Assert.True(broken.Count > 0, $"control: the broken spec got no diagnostics\n{server.Client.ServerOutput}");
    }

    /// <summary>The layer types of the schema under test (the schema tests prove they are the generator's).</summary>
    private static (List<string> All, List<string> Alone) LayerTypes()
    {
        var alternatives = JsonNode.Parse(File.ReadAllText(SchemaPath))!["definitions"]!["layer"]!["anyOf"]!.AsArray();
        var all = alternatives.Select(a => a?["properties"]).OfType<JsonObject>().Single().Select(p => p.Key).ToList();
        var alone = alternatives.Select(a => a?["enum"]).OfType<JsonArray>().Single().Select(v => (string)v!).ToList();
        Assert.True(all.Count > 10 && alone.Count > 5 && alone.All(all.Contains), "the schema's layer definition is not what this test expects");
        return (all, alone);
    }

    [Fact]
    public async Task A_wrong_layer_type_gets_one_message_that_lists_every_layer_type()
    {
        const string Spec = """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2: {filters: 16, kernel: 3}
              - flaten
              - dense   # needs its units
              - dense: 10

            """;
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var diagnostics = await server.OpenAndDiagnoseAsync(TempSpecUri("wrong-types.model.yaml", Spec), Spec);
        Log(server, "wrong-types.model.yaml", diagnostics);

        var because = $"diagnostics:\n{string.Join("\n", diagnostics)}\n{server.Client.ServerOutput}";
        // A misspelt type with settings, a misspelt bare type, and a type that needs settings written alone.
        foreach (var fragment in new[] { "- conv2:", "- flaten", "- dense   #" })
        {
            var line = LineOf(Spec, fragment);
            var onLine = diagnostics.Where(d => d.Line == line).ToList();
            Assert.True(onLine.Count == 1, $"one diagnostic expected on line {line} ({fragment.Trim()}); {because}");
            var missing = LayerTypes().All.Where(type => !onLine[0].Message.Contains(type, StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, $"the message on line {line} does not name {string.Join(", ", missing)}; {because}");
        }

        Assert.Equal(3, diagnostics.Count);
    }

    [Fact]
    public async Task Hover_on_a_layer_type_explains_it_with_an_example()
    {
        const string Spec = """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 16, kernel: 3}
              - flatten
              - dense: 10

            """;
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var uri = TempSpecUri("hover.model.yaml", Spec);
        await server.OpenAsync(uri, Spec);

        var conv = await server.HoverAsync(uri, LineOf(Spec, "- conv2d:"), "  - conv".Length);
        _output.WriteLine($"hover on conv2d:\n{conv}");
        Assert.Contains("2-D convolution", conv);
        Assert.Contains("filters: 32", conv);   // the example

        var filters = await server.HoverAsync(uri, LineOf(Spec, "- conv2d:"), "  - conv2d: {fil".Length);
        _output.WriteLine($"hover on filters:\n{filters}");
        Assert.Contains("Number of output channels", filters);
        Assert.Contains("Required", filters);
        Assert.Contains("Example:\n\n```yaml\n32\n```", filters.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task Completion_in_a_new_layer_item_offers_the_layer_types()
    {
        var (text, line, character) = WithCursor("""
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 16, kernel: 3}
              - <cursor>
              - flatten
              - dense: 10

            """);
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var uri = TempSpecUri("complete.model.yaml", text);
        await server.OpenAsync(uri, text);

        var items = await server.CompletionAsync(uri, line, character);
        Log(server, $"completion at line {line}, character {character}", items);

        // Every layer type exactly once, explained, inserting what is valid as it stands: a type that needs no
        // settings alone ('flatten'), the others as a key whose settings come next ('dense: ', or its example).
        var (all, alone) = LayerTypes();
        var offered = string.Join("\n", items);
        Assert.Equal(all.Order(StringComparer.Ordinal), items.Select(i => i.Label).Order(StringComparer.Ordinal));
        foreach (var item in items)
        {
            var inserted = alone.Contains(item.Label) ? item.InsertText == item.Label : item.InsertText.StartsWith(item.Label + ": ", StringComparison.Ordinal);
            Assert.True(inserted, $"{item.Label} inserts '{item.InsertText}'; offered:\n{offered}");
            Assert.True(item.Documentation.Length > 0, $"{item.Label} has no documentation; offered:\n{offered}");
        }
    }

    [Fact]
    public async Task Completion_at_an_empty_key_of_a_conv2d_offers_its_settings()
    {
        var (text, line, character) = WithCursor("""
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d:
                  filters: 16
                  <cursor>
              - flatten

            """);
        await using var server = await YamlLanguageServer.StartAsync(Settings());
        var uri = TempSpecUri("complete-keys.model.yaml", text);
        await server.OpenAsync(uri, text);

        var items = await server.CompletionAsync(uri, line, character);
        Log(server, $"completion at line {line}, character {character}", items);

        var labels = items.Select(i => i.Label).ToHashSet(StringComparer.Ordinal);
        string[] expected = ["kernel", "padding", "stride", "activation"];
        var missing = expected.Where(e => !labels.Contains(e)).ToList();
        Assert.True(missing.Count == 0,
            $"completion lacks {string.Join(", ", missing)}; offered: {string.Join(", ", labels.Order())}\n{server.Client.ServerOutput}");
        Assert.DoesNotContain("filters", labels);   // already present
    }

    [Fact]
    public async Task A_modeline_with_the_schema_file_uri_enables_validation_without_the_setting()
    {
        await using var server = await YamlLanguageServer.StartAsync(Settings(mapSchema: false));
        var text = $"# yaml-language-server: $schema={SchemaUri}\n" + BrokenSpec;
        // Not named *.model.yaml, so nothing but the modeline can associate the schema.
        var uri = TempSpecUri("modeline.yaml", text);

        var diagnostics = await server.OpenAndDiagnoseAsync(uri, text);
        Log(server, "modeline.yaml", diagnostics);

        var typoLine = LineOf(text, "- conv2:");
        var rangeLine = LineOf(text, "- dropout: 1.5");
        var because = $"diagnostics:\n{string.Join("\n", diagnostics)}\n{server.Client.ServerOutput}";
        Assert.True(diagnostics.Any(d => d.Line == typoLine), $"no diagnostic on line {typoLine} (conv2); {because}");
        Assert.True(diagnostics.Any(d => d.Line == rangeLine), $"no diagnostic on line {rangeLine} (dropout 1.5); {because}");
        Assert.True(diagnostics.All(d => d.LastLine == d.Line && (d.Line == typoLine || d.Line == rangeLine)),
            $"diagnostics only on lines {typoLine} and {rangeLine} expected; {because}");
    }

    [Fact]
    public async Task The_repository_vscode_settings_map_specs_to_the_schema()
    {
        // What VS Code (with the recommended redhat.vscode-yaml) does with .vscode/settings.json: its yaml.schemas,
        // relative to the workspace folder, become the server's yaml.schemas.
        var settingsFile = Path.Combine(Root, ".vscode", "settings.json");
        Assert.True(File.Exists(settingsFile), $"{settingsFile} does not exist");
        var vscode = JsonNode.Parse(File.ReadAllText(settingsFile), documentOptions: new System.Text.Json.JsonDocumentOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var schemas = vscode?["yaml.schemas"]?.DeepClone() as JsonObject;
        Assert.True(schemas is not null, $"{settingsFile} has no yaml.schemas");
        var settings = Settings(mapSchema: false);
        settings["schemas"] = schemas;

        await using var server = await YamlLanguageServer.StartAsync(settings);
        var uri = TempSpecUri("vscode.model.yaml", BrokenSpec);
        var diagnostics = await server.OpenAndDiagnoseAsync(uri, BrokenSpec);
        Log(server, "vscode.model.yaml with .vscode/settings.json", diagnostics);

        var typoLine = LineOf(BrokenSpec, "- conv2:");
        var rangeLine = LineOf(BrokenSpec, "- dropout: 1.5");
        var because = $"diagnostics:\n{string.Join("\n", diagnostics)}\n{server.Client.ServerOutput}";
        Assert.True(diagnostics.Any(d => d.Line == typoLine) && diagnostics.Any(d => d.Line == rangeLine),
            $"expected diagnostics on lines {typoLine} and {rangeLine}; {because}");
    }

    [Fact]
    public void A_missing_language_server_fails_with_the_install_command()
    {
        var error = Assert.Throws<InvalidOperationException>(() => YamlLanguageServer.EnsureInstalled(_folder));
        Assert.Contains(YamlLanguageServer.InstallCommand, error.Message);
        Assert.Contains("Building this project installs it (EditorNpmRestore.targets runs `npm ci` in tests/editor", error.Message);
    }

    private void Log<T>(YamlLanguageServer server, string what, IEnumerable<T> items)
    {
        _output.WriteLine($"{server.ServerInfo}: {what}");
        foreach (var item in items)
        {
            _output.WriteLine($"  {item}");
        }
    }
}
