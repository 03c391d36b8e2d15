namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The generated Python is formatted code that PyTorch imports: PEP 8 as pycodestyle checks it (lines up to 99
/// characters, as PEP 8 allows a team), and both files import, with the facts the .NET class states.
/// </summary>
public sealed class GeneratedPythonTests
{
    [Theory]
    [MemberData(nameof(GeneratedModels.Specs), MemberType = typeof(GeneratedModels))]
    public async Task Generated_files_follow_PEP_8(string specFile)
    {
        using var export = PythonExport.OfModel(specFile);

        var style = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(1),
            "-m", "pycodestyle", "--max-line-length=99", export.Files.ModelFileName, export.Files.TrainingScriptFileName);

        Assert.False(style.StandardError.Contains("No module named pycodestyle", StringComparison.Ordinal),
            "pycodestyle is missing: apt-get install -y python3-pycodestyle (CI does, in .ci/run)");
        Assert.True(style.ExitCode == 0, style.ToString());
    }

    [Theory]
    [MemberData(nameof(GeneratedModels.Specs), MemberType = typeof(GeneratedModels))]
    public async Task Generated_files_import_and_state_the_dotnet_class_facts(string specFile)
    {
        using var export = PythonExport.OfModel(specFile);
        var facts = GeneratedModels.Run(specFile, new Facts());
        var print = $"import {export.ScriptModule} as s, {export.ModelModule} as m; model = s.create_model(); " +
            "print(m.INPUT_SHAPE, m.OUTPUT_SHAPE, m.OUTPUT_KIND, m.PARAMETER_COUNT, m.ARCHITECTURE_HASH, " +
            "sum(p.numel() for p in model.parameters()), sorted(model.state_dict()))";

        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(1), "-c", print);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(facts + "\n", run.StandardOutput);
    }

    /// <summary>What the Python should print, from the generated C# class.</summary>
    private sealed class Facts : IModelAction<string>
    {
        public string Run<TModel>()
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
        {
            using var model = new TModel();
            var kind = TModel.OutputKind switch
            {
                ModelOutputKind.LogProbabilities => "log_probabilities",
                var other => other.ToString().ToLowerInvariant(),
            };
            var keys = model.state_dict().Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'");
            return $"{Tuple(TModel.InputShape)} {Tuple(TModel.OutputShape)} {kind} {TModel.ParameterCount} {TModel.ArchitectureHash} " +
                $"{TModel.ParameterCount} [{string.Join(", ", keys)}]";
        }

        private static string Tuple(IReadOnlyList<long> shape) =>
            shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
    }
}
