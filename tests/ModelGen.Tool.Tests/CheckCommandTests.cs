using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Generator;

namespace ModelGen.Tool.Tests;

/// <summary>
/// modelgen check, run in-process. Its diagnostics are compared line for line with the real generator's, run in a
/// Roslyn driver on the same files (Roslyn's <c>Diagnostic.ToString()</c> is the line the build prints).
/// </summary>
public sealed class CheckCommandTests : IDisposable
{
    private static readonly string Models = Path.Combine(AppContext.BaseDirectory, "Models");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modelgen-check-tests", Guid.NewGuid().ToString("N"));

    public CheckCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Valid_specs_exit_0_and_print_each_summary()
    {
        var specs = Directory.GetFiles(Models, "*.model.yaml").Order(StringComparer.Ordinal).ToArray();

        var run = Run(["check", .. specs]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(8, specs.Length);
        foreach (var spec in specs)
        {
            Assert.Contains(spec + ":\n", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Model: \"Cifar10Cnn\"\nInput shape: (N, 3, 32, 32)\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("\nTotal params: 1,084,234\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("Model: \"MnistMlp\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("\nTotal params: 1,972,792\nTrainable params: 1,971,352\nNon-trainable params: 1,440\n", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n8 specs, 0 errors, 0 warnings\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_is_the_generated_class_summary_table()
    {
        var spec = Path.Combine(Models, "cifar10-cnn.model.yaml");
        var model = ModelCompiler.Compile(spec, File.ReadAllText(spec), string.Empty).Model!;

        var run = Run(["check", spec]);

        // The generated class documents the same table (and renders it again at run time from its Architecture).
        var source = ModelCompiler.Complete(ModelCompiler.Compile(spec, File.ReadAllText(spec), string.Empty), NameClashes.From([])).Source!;
        var table = run.Output.Split(spec + ":\n")[1].Split("\n\n")[0];
        Assert.Contains(string.Join("\n", table.Split('\n').Select(l => "/// " + l.Replace("<", "&lt;").Replace(">", "&gt;"))), source, StringComparison.Ordinal);
        Assert.Equal(ModelCompiler.Summary(model), table);
        Assert.StartsWith("Model: \"Cifar10Cnn\"", table, StringComparison.Ordinal);
        Assert.EndsWith("Total mult-adds (per example, forward): 13,363,978\n" + new string('_', 70), table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_spec_exits_1_with_the_build_line_at_its_line_and_column()
    {
        var text = File.ReadAllText(Path.Combine(Models, "cifar10-cnn.model.yaml")).Replace("  - flatten\n", string.Empty, StringComparison.Ordinal);
        var path = Write("cifar10-cnn.model.yaml", text);

        var line = text.Split('\n').ToList().FindIndex(l => l.StartsWith("  - dense: {units: 256", StringComparison.Ordinal)) + 1;

        var run = Run(["check", path]);

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        var expected = $"{path}({line},5): error MG0011: dense 'dense1' receives a 3-D tensor [64, 8, 8] but needs a flat [features] tensor; insert flatten (or global_avg_pool2d) before it";
        // With the help link when the build knows the repository's address (see HelpLinkTests), as dotnet build prints it.
        var link = DiagnosticCatalog.DenseNeedsFlatten.HelpLinkUri;
        var printed = link.Length == 0 ? expected : $"{expected} ({link})";
        Assert.Equal($"{printed}\n\n1 spec, 1 error, 0 warnings\n", run.Output);

        // The same line as the generator's own compiler step, and as the build (Roslyn) prints the generator's diagnostic.
        Assert.Equal(expected, Assert.Single(ModelCompiler.Compile(path, text, string.Empty).Diagnostics).ToString());
        Assert.Equal([printed], BuildLines((path, text)));
    }

    [Fact]
    public void Errors_and_warnings_in_several_files_are_all_reported_as_the_build_does()
    {
        var files = new[]
        {
            Write("a/unknown-layer.model.yaml", "model: Broken\ninput: [3, 32, 32]\nlayers:\n  - conv2: {filters: 32, kernel: 3}\n"),
            Write("a/pooled.model.yaml", "model: Pooled\ninput: [1, 7, 7]\nlayers:\n  - max_pool2d: 2\n  - flatten\n  - dense: 10\n"),
            Write("b/syntax.model.yaml", "model: Net\ninput: [784\nlayers:\n  - dense: 10\n"),
            Write("b/typo.model.yaml", "model: Net2\ninput: [784]\nlayers:\n  - dense: {units: 10, activaton: relu}\n"),
        };

        var run = Run(["check", .. files]);

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        var expected = BuildLines(files.Select(f => (f, File.ReadAllText(f))).ToArray());
        Assert.Equal(4, expected.Count);
        var printed = run.Output.Split('\n').Where(l => l.Contains(": error MG", StringComparison.Ordinal) || l.Contains(": warning MG", StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
        Assert.Contains("Model: \"Pooled\"", run.Output, StringComparison.Ordinal);        // a warning still generates
        Assert.EndsWith("\n4 specs, 3 errors, 1 warning\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_alone_exit_0()
    {
        var path = Write("pooled.model.yaml", "model: Pooled\ninput: [1, 7, 7]\nlayers:\n  - max_pool2d: 2\n  - flatten\n  - dense: 10\n");

        var run = Run(["check", path]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.StartsWith(path + "(4,5): warning MG1001: ", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n1 spec, 0 errors, 1 warning\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_model_in_two_files_is_MG0014_on_both_as_in_the_build()
    {
        var first = Write("first.model.yaml", "model: Classifier\ninput: [784]\nlayers:\n  - dense: 10\n");
        var second = Write("second.model.yaml", "# A copy that forgot to rename the model.\nmodel: Classifier\ninput: [784]\nlayers:\n  - dense: 2\n");

        var run = Run(["check", first, second]);

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.StartsWith(first + "(1,8): error MG0014: another spec also declares the model 'Classifier'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(second + "(2,8): error MG0014: another spec also declares the model 'Classifier'", lines[1], StringComparison.Ordinal);
        Assert.Equal(BuildLines((first, File.ReadAllText(first)), (second, File.ReadAllText(second))), lines.Take(2));
        Assert.DoesNotContain("Model: \"Classifier\"", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n2 specs, 2 errors, 0 warnings\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_namespace_places_specs_without_a_namespace_as_the_build_would()
    {
        var plain = Write("plain.model.yaml", "model: Net\ninput: [4]\nlayers:\n  - dense: 2\n");
        var named = Write("named.model.yaml", "model: Net\nnamespace: My.App\ninput: [4]\nlayers:\n  - dense: 2\n");

        Assert.Equal(ModelGenTool.ExitSuccess, Run(["check", plain, named]).ExitCode);
        var clash = Run(["check", "--root-namespace", "My.App", plain, named]);
        Assert.Equal(ModelGenTool.ExitErrors, clash.ExitCode);
        Assert.Contains("error MG0014: another spec also declares the model 'My.App.Net'", clash.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_means_every_spec_below_it_once()
    {
        var a = Write("specs/a.model.yaml", "model: A\ninput: [4]\nlayers:\n  - dense: 2\n");
        Write("specs/deeper/b.model.yaml", "model: B\ninput: [4]\nlayers:\n  - dense: 2\n");
        Write("specs/notes.yaml", "not: a spec\n");

        var run = Run(["check", Path.Combine(_folder, "specs"), a]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.Contains("Model: \"A\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("Model: \"B\"", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n2 specs, 0 errors, 0 warnings\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Quiet_prints_only_diagnostics_and_the_count()
    {
        var run = Run(["check", "--quiet", Path.Combine(Models, "cifar10-cnn.model.yaml")]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.Equal("1 spec, 0 errors, 0 warnings\n", run.Output);
    }

    [Fact]
    public void A_missing_file_exits_2_with_a_message_and_no_stack_trace()
    {
        var missing = Path.Combine(_folder, "missing.model.yaml");

        var run = Run(["check", Path.Combine(Models, "cifar10-cnn.model.yaml"), missing]);

        Assert.Equal(ModelGenTool.ExitUsage, run.ExitCode);
        Assert.Equal($"modelgen: file not found: '{missing}'\n", run.Error);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void An_unmatched_glob_and_an_empty_folder_exit_2()
    {
        var glob = Run(["check", Path.Combine(_folder, "*.model.yaml")]);
        Assert.Equal(ModelGenTool.ExitUsage, glob.ExitCode);
        Assert.Contains("no file matches", glob.Error, StringComparison.Ordinal);

        var empty = Run(["check", _folder]);
        Assert.Equal(ModelGenTool.ExitUsage, empty.ExitCode);
        Assert.Contains("no .model.yaml files in the folder", empty.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "chekc", "x.model.yaml" }, "unknown command 'chekc'")]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "check" }, "no spec files given")]
    [InlineData(new[] { "check", "--verbose", "x.model.yaml" }, "unknown option '--verbose'")]
    [InlineData(new[] { "check", "x.model.yaml", "--root-namespace" }, "--root-namespace needs a value")]
    public void Usage_mistakes_exit_2(string[] args, string message)
    {
        var run = Run(args);

        Assert.Equal(ModelGenTool.ExitUsage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0()
    {
        var run = Run(["--help"]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.StartsWith("Usage: modelgen <command>", run.Output, StringComparison.Ordinal);
        Assert.Contains("check PATH...", run.Output, StringComparison.Ordinal);

        var check = Run(["check", "--help"]);
        Assert.Equal(ModelGenTool.ExitSuccess, check.ExitCode);
        Assert.StartsWith("Usage: modelgen check [options] PATH...", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_tools_version()
    {
        var run = Run(["--version"]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    internal static (int ExitCode, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = ModelGenTool.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The lines the build prints for these specs: the real generator in a Roslyn driver, no root namespace.</summary>
    private static List<string> BuildLines(params (string Path, string Text)[] specs)
    {
        var compilation = CSharpCompilation.Create("Check", options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            specs.Select(s => (AdditionalText)new SpecText(s.Path, s.Text)));
        driver = driver.RunGenerators(compilation);
        // As the command-line compiler prints them: Roslyn's text, then the help link in parentheses when there is one.
        return driver.GetRunResult().Diagnostics.Select(d => d.Descriptor.HelpLinkUri.Length > 0 ? $"{d} ({d.Descriptor.HelpLinkUri})" : d.ToString()).ToList();
    }

    private sealed class SpecText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
