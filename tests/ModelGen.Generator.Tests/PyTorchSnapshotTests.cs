using ModelGen.Compiler;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Pins the Python the PyTorch backend writes for every spec in models/: the module (Snapshots/PyTorch/&lt;module&gt;.verified.py)
/// and the training script (train_&lt;module&gt;.verified.py). That the code runs and matches TorchSharp is
/// tests/ModelGen.PyTorch.Tests' job.
/// </summary>
public class PyTorchSnapshotTests
{
    [Theory]
    [MemberData(nameof(SnapshotTests.Specs), MemberType = typeof(SnapshotTests))]
    public void Generated_python_matches_snapshot(string specFile)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Models", specFile);
        var compilation = ModelCompiler.Compile(specFile, File.ReadAllText(path), GeneratorHarness.RootNamespace);
        var result = ModelCompiler.ExportPyTorch(ModelCompiler.Complete(compilation, ModelCompiler.FindNameClashes([compilation])));

        Assert.Empty(result.Diagnostics);
        var files = Assert.IsType<PyTorchExport>(result.Files);
        Snapshot.Verify("PyTorch/" + Path.GetFileNameWithoutExtension(files.ModelFileName), files.ModelSource, ".py");
        Snapshot.Verify("PyTorch/" + Path.GetFileNameWithoutExtension(files.TrainingScriptFileName), files.TrainingScriptSource, ".py");
    }

    [Theory]
    [InlineData("Cifar10Cnn", "cifar10_cnn")]
    [InlineData("MnistMlp", "mnist_mlp")]
    [InlineData("HTTPServer2D", "http_server2_d")]
    [InlineData("resNet_50", "res_net_50")]
    [InlineData("Net", "net")]
    public void Module_names_are_the_snake_case_of_the_model_name(string model, string module)
    {
        var spec = $"model: {model}\ninput: [4]\nlayers:\n  - dense: 2\n";
        var compilation = ModelCompiler.Compile("net.model.yaml", spec, string.Empty);

        var files = ModelCompiler.ExportPyTorch(ModelCompiler.Complete(compilation, ModelCompiler.FindNameClashes([compilation]))).Files!;

        Assert.Equal(module + ".py", files.ModelFileName);
        Assert.Equal("train_" + module + ".py", files.TrainingScriptFileName);
        Assert.Contains($"from {module} import INPUT_SHAPE, OUTPUT_KIND, {model}\n", files.TrainingScriptSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_with_errors_has_no_python_only_its_diagnostics()
    {
        var compilation = ModelCompiler.Compile("net.model.yaml", "model: Net\ninput: [4]\nlayers:\n  - conv2d: {filters: 2, kernel: 3}\n", string.Empty);

        var result = ModelCompiler.ExportPyTorch(ModelCompiler.Complete(compilation, ModelCompiler.FindNameClashes([compilation])));

        Assert.Null(result.Files);
        Assert.Contains(result.Diagnostics, d => d.Id == "MG0012");
    }
}
