using ModelGen.Examples.Tabular;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// PyTorch state_dict files in the runtime library: what .NET writes loads back (and into PyTorch, see the parity
/// tests), a .NET model file converts to one, and a file of another network or a file that is not a state_dict is
/// refused with a message that names what differs, leaving the model as it was.
/// </summary>
public sealed class WeightsFileTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Weights_saved_as_a_state_dict_load_back_unchanged()
    {
        manual_seed(1);
        using var saved = new Cifar10Cnn();
        var path = Path.Combine(_folder, "model.pt");
        PyTorchWeights.Save(saved, path);

        manual_seed(2);
        using var loaded = new Cifar10Cnn();
        var header = ModelWeights.Load(loaded, path);

        Assert.Equal(WeightsFormat.PyTorchStateDict, ModelWeights.FormatOf(path));
        Assert.Equal(WeightsFormat.PyTorchStateDict, header.Format);
        AssertSameWeights(saved, loaded);
    }

    [Fact]
    public void A_dotnet_model_file_exports_to_a_state_dict_with_the_same_weights()
    {
        manual_seed(3);
        using var trained = new Cifar10Cnn();
        var modelFile = Path.Combine(_folder, "model.mgm");
        ModelFile.Save(trained, modelFile, epoch: 4);
        var exported = Path.Combine(_folder, "exported.pt");

        PyTorchWeights.Export<Cifar10Cnn>(modelFile, exported);

        using var loaded = new Cifar10Cnn();
        PyTorchWeights.Load(loaded, exported);
        Assert.Equal(WeightsFormat.ModelGen, ModelWeights.FormatOf(modelFile));
        AssertSameWeights(trained, loaded);
    }

    [Fact]
    public void Weights_of_another_network_are_refused_naming_each_tensor_that_differs()
    {
        using var tiny = new TinyClassifier();
        var path = Path.Combine(_folder, "tiny.pt");
        PyTorchWeights.Save(tiny, path);
        manual_seed(4);
        using var model = new Cifar10Cnn();
        var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        var error = Assert.Throws<ModelFileException>(() => ModelWeights.Load(model, path));
        output.WriteLine(error.Message);

        Assert.StartsWith($"{path} does not hold Cifar10Cnn's weights: conv1.weight should be [16, 3, 3, 3] but is [4, 3, 3, 3]; " +
            "conv1.bias should be [16] but is [4]; conv2.weight [32, 16, 3, 3] is missing; ", error.Message, StringComparison.Ordinal);
        Assert.Contains("; and 6 more. It was saved from another network", error.Message, StringComparison.Ordinal);
        Assert.All(before, entry => Assert.True(entry.Value.eq(model.state_dict()[entry.Key]).all().item<bool>(), $"{entry.Key} was changed"));
    }

    [Fact]
    public async Task A_state_dict_written_by_PyTorch_for_another_network_is_refused_naming_the_tensors()
    {
        using var export = PythonExport.OfModel("mnist-mlp.model.yaml");
        var path = Path.Combine(_folder, "mnist.pt");
        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(1),
            "-c", $"import sys, torch, {export.ModelModule} as m; torch.save(m.MnistMlp().state_dict(), sys.argv[1])", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var model = new HousePrices();

        var error = Assert.Throws<ModelFileException>(() => ModelWeights.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains("dense1.weight should be [64, 13] but is [512, 784]", error.Message, StringComparison.Ordinal);
        Assert.Contains("batchNorm1.weight should be [64] but is [512]", error.Message, StringComparison.Ordinal);
        Assert.Contains("dense2.weight should be [1, 64] but is [256, 512]", error.Message, StringComparison.Ordinal);
        // The batch-norm statistics and MnistMlp's dense3.weight, which HousePrices lacks, are counted.
        Assert.Contains("; and 3 more.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_dictionary_is_refused_as_more_than_a_state_dict()
    {
        using var export = PythonExport.OfModel("house-prices.model.yaml");
        var path = Path.Combine(_folder, "checkpoint.pt");
        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(1),
            "-c", $"import sys, torch, {export.ModelModule} as m; torch.save({{'epoch': 3, 'model': m.HousePrices().state_dict()}}, sys.argv[1])", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var model = new HousePrices();

        var error = Assert.Throws<ModelFileException>(() => ModelWeights.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Contains("holds more than a state_dict", error.Message, StringComparison.Ordinal);
        Assert.Contains("save model.state_dict() alone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_file_is_refused_as_not_a_state_dict()
    {
        var path = Path.Combine(_folder, "damaged.pt");
        File.WriteAllBytes(path, [.. "PK\u0003\u0004"u8, .. new byte[100]]);
        using var model = new HousePrices();

        var error = Assert.Throws<ModelFileException>(() => ModelWeights.Load(model, path));
        output.WriteLine(error.Message);

        Assert.StartsWith($"{path} is not a PyTorch state_dict file, or it is damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var model = new HousePrices();
        var path = Path.Combine(_folder, "absent.pt");

        var error = Assert.Throws<ModelFileException>(() => ModelWeights.Load(model, path));
        output.WriteLine(error.Message);

        Assert.Equal($"The model file {path} does not exist.", error.Message);
    }

    private static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a.Keys, name => Assert.True(a[name].eq(b[name]).all().item<bool>(), $"{name} differs"));
    }
}
