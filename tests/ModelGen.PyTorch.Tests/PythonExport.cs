using ModelGen.Compiler;

namespace ModelGen.PyTorch.Tests;

/// <summary>A spec through the PyTorch backend, written into a temporary folder the way 'modelgen export pytorch' does.</summary>
internal sealed class PythonExport : IDisposable
{
    private PythonExport(string folder, PyTorchExport files, ModelGen.Compiler.Model.ModelDefinition model)
    {
        Folder = folder;
        Files = files;
        Model = model;
    }

    /// <summary>The compiled spec the files were written from.</summary>
    public ModelGen.Compiler.Model.ModelDefinition Model { get; }

    /// <summary>The spec's training section, as the compiler bound it.</summary>
    public ModelGen.Compiler.Model.TrainingDefinition Training => Model.Training;

    public string Folder { get; }

    public PyTorchExport Files { get; }

    /// <summary>The model's Python module name (its file without .py).</summary>
    public string ModelModule => Path.GetFileNameWithoutExtension(Files.ModelFileName);

    /// <summary>The training script's module name.</summary>
    public string ScriptModule => Path.GetFileNameWithoutExtension(Files.TrainingScriptFileName);

    /// <summary>Compiles <paramref name="specText"/> (no errors allowed) and writes its Python files.</summary>
    public static PythonExport Write(string specText, string fileName = "spec.model.yaml")
    {
        var compilation = ModelCompiler.Compile(fileName, specText, "ModelGen.PyTorch.Tests");
        var result = ModelCompiler.ExportPyTorch(ModelCompiler.Complete(compilation, ModelCompiler.FindNameClashes([compilation])));
        Assert.True(result.Files is not null, "the spec did not compile: " + string.Join("\n", result.Diagnostics));
        var folder = Directory.CreateTempSubdirectory("modelgen-pytorch-").FullName;
        File.WriteAllText(Path.Combine(folder, result.Files!.ModelFileName), result.Files.ModelSource);
        File.WriteAllText(Path.Combine(folder, result.Files.TrainingScriptFileName), result.Files.TrainingScriptSource);
        return new PythonExport(folder, result.Files, compilation.Model!);
    }

    /// <summary>A spec of models/ through the backend.</summary>
    public static PythonExport OfModel(string specFile) =>
        Write(File.ReadAllText(Path.Combine(GeneratedModels.ModelsFolder, specFile)), specFile);

    /// <summary>Runs tests/ModelGen.PyTorch.Tests/Python/parity.py with this export's folder; fails on a non-zero exit.</summary>
    public async Task RunParityAsync(string command, params string[] arguments)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Python", "parity.py");
        var run = await PythonTorch.RunAsync(Folder, TimeSpan.FromMinutes(5), [script, command, Folder, .. arguments]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>A file in this export's folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
