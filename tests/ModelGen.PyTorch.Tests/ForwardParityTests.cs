using Xunit.Abstractions;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The generated PyTorch module computes what the generated TorchSharp class computes: the same weights (the .NET
/// model's state_dict, loaded by name into the Python module) and the same inputs give forward and forward_logits
/// outputs within 1e-5, for every spec in models/.
/// </summary>
public sealed class ForwardParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(GeneratedModels.Specs), MemberType = typeof(GeneratedModels))]
    public async Task PyTorch_forward_equals_TorchSharp_forward(string specFile)
    {
        using var export = PythonExport.OfModel(specFile);
        var dotnet = GeneratedModels.Run(specFile, new DotnetForward(export));

        await export.RunParityAsync("forward", export.ModelModule, export.Model.Name, export.PathOf("weights.pt"), export.PathOf("inputs.pt"), export.PathOf("outputs.pt"));

        var python = StateDictFiles.Load(export.PathOf("outputs.pt"));
        foreach (var name in new[] { "forward", "forward_logits" })
        {
            Assert.Equal(dotnet[name].shape, python[name].shape);
            var difference = (dotnet[name] - python[name]).abs().max().item<float>();
            output.WriteLine($"{specFile} {name}: max |TorchSharp - PyTorch| = {difference:E2}");
            Assert.True(difference <= Tolerance, $"{specFile}: {name} differs by {difference:E2} (more than {Tolerance:E0})");
        }

        // The comparison covers the path from the input: the outputs differ from sample to sample.
        Assert.True(python["forward_logits"].std(0).max().item<float>() > 1e-4, $"{specFile}: the outputs do not depend on the input");
    }

    /// <summary>
    /// The .NET side: a seeded model with random weights everywhere (a zero initialiser would hide the layers before it)
    /// and moved batch-norm statistics (one training-mode pass), its weights saved for Python, random inputs saved, and
    /// its eval-mode outputs returned.
    /// </summary>
    private sealed class DotnetForward(PythonExport export) : IModelAction<Dictionary<string, Tensor>>
    {
        public Dictionary<string, Tensor> Run<TModel>()
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
        {
            manual_seed(7);
            var model = new TModel();
            var shape = new long[] { 6 }.Concat(TModel.InputShape).ToArray();
            using (no_grad())
            {
                WeightsRandomizer.Randomize(model);
                model.train();
                model.forward(randn(shape));
            }

            model.eval();
            Persistence.PyTorchWeights.Save(model, export.PathOf("weights.pt"));
            var input = randn(shape) * 0.5;
            StateDictFiles.Save(export.PathOf("inputs.pt"), new Dictionary<string, Tensor> { ["input"] = input });
            using (no_grad())
            {
                return new Dictionary<string, Tensor> { ["forward"] = model.forward(input), ["forward_logits"] = model.ForwardLogits(input) };
            }
        }
    }
}
