using ModelGen.Data;
using ModelGen.Modules;
using ModelGen.Samples.Cifar10;
using ModelGen.Testing;
using Xunit.Abstractions;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The whitening layer's filters are the same whichever backend computes them: the generated C# class's Adapt and
/// the generated Python module's adapt, from the same images; and the generated training script computes them from
/// the first training images of a fresh run, as the .NET trainer does, and keeps them frozen.
/// </summary>
public sealed class WhiteningParityTests(ITestOutputHelper output)
{
    /// <summary>Filters are eigenvectors over sqrt(eigenvalue + eps): compared relative to their size.</summary>
    private const double Tolerance = 1e-4;

    [Fact]
    public async Task Python_adapt_computes_the_filters_dotnet_Adapt_computes()
    {
        using var export = PythonExport.OfModel("cifar10-fast.model.yaml");
        var images = SmoothImages(600, 32, seed: 3);
        StateDictFiles.Save(export.PathOf("images.pt"), new Dictionary<string, Tensor> { ["images"] = images });
        using var model = new Cifar10Fast();
        model.Adapt(images);
        var dotnet = model.state_dict()["whiten1.weight"].detach().clone();

        await export.RunParityAsync("adapt", export.ModelModule, "Cifar10Fast", export.PathOf("images.pt"), export.PathOf("adapted.pt"));

        var python = StateDictFiles.Load(export.PathOf("adapted.pt"))["whiten1.weight"];
        AssertClose(dotnet, python, "whiten1.weight");
    }

    [Fact]
    public async Task The_script_computes_the_filters_from_the_first_training_images_and_keeps_them_frozen()
    {
        const string Spec = "model: Net\ninput: [3, 8, 8]\nlayers:\n  - whitening: {kernel: 2, images: 50}\n  - gelu\n  - flatten\n  - dense: 4\n" +
            "training:\n  optimizer: {sgd: {lr: 0.05, momentum: 0.9, weight_decay: 0.01}}\n  batch_size: 16\n  normalize: {mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3]}\n";
        using var export = PythonExport.Write(Spec);
        var pixels = (SmoothImages(120, 8, seed: 5) * 40 + 128).clamp(0, 255).to(ScalarType.Byte);
        var labels = randint(0, 4, [120], dtype: ScalarType.Int64);
        StateDictFiles.Save(export.PathOf("arrays.pt"), new Dictionary<string, Tensor> { ["x"] = pixels, ["y"] = labels });
        var save = "import numpy as np, sys, torch; d = torch.load(sys.argv[1]); x = d['x'].numpy(); y = d['y'].numpy(); " +
            "np.savez(sys.argv[2], x_train=x[:100], y_train=y[:100], x_test=x[100:], y_test=y[100:])";
        var saved = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(1), "-c", save, "arrays.pt", "data.npz");
        Assert.True(saved.ExitCode == 0, saved.ToString());

        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(3),
            [export.Files.TrainingScriptFileName, "--data", "data.npz", "--out", "run", "--epochs", "2"]);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());

        // The first 50 training images (of 100), normalised as the spec says: the .NET library's filters of them.
        var normalization = new InputNormalization([0.5, 0.4, 0.3], [0.25, 0.2, 0.3]);
        var expected = PatchWhitening.Filters(normalization.Normalize(pixels[..50]), 2, 2, 5e-4);
        var trained = StateDictFiles.Load(Path.Combine(export.PathOf("run"), "model.pt"));
        AssertClose(expected, trained["whiten1.weight"], "whiten1.weight after two epochs");
        Assert.False(PatchWhitening.Filters(normalization.Normalize(pixels[50..100]), 2, 2, 5e-4).allclose(expected, rtol: 1e-3, atol: 1e-3),
            "other images should give other filters, or the comparison proves little");
    }

    private void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = Math.Max(1, expected.abs().max().item<float>());
        var difference = (expected - actual).abs().max().item<float>();
        output.WriteLine($"{what}: max |TorchSharp - PyTorch| = {difference:E2}, largest value {scale:E2}");
        Assert.True(difference <= Tolerance * scale, $"{what} differs by {difference:E2} (values up to {scale:E2})");
    }

    /// <summary>Smooth random images (correlated neighbours, channels of different scales): distinct eigenvalues.</summary>
    private static Tensor SmoothImages(int count, int size, int seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var noise = randn(new long[] { count, 3, size + 2, size + 2 }, generator: generator);
        var smooth = nn.functional.avg_pool2d(noise, 3, stride: 1);
        return smooth * tensor(new float[] { 1.0f, 0.6f, 0.3f }).view(1, 3, 1, 1) + 0.2f;
    }
}
