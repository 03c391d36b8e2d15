using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Data;
using ModelGen.Examples.Tabular;
using ModelGen.Formats;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// What a deployment sees of an exported file through ONNX Runtime alone: names, types and shapes of the input and
/// output, the metadata, and the README's example.
/// </summary>
public sealed class DeploymentTests
{
    [Fact]
    public void An_image_model_takes_uint8_pixels_with_any_batch_and_returns_its_output_kind()
    {
        using var folder = new TemporaryFolder();
        using var model = new Cifar10Cnn();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);

        using var session = new InferenceSession(path);
        var input = Assert.Single(session.InputMetadata);
        var output = Assert.Single(session.OutputMetadata);

        Assert.Equal((OnnxExport.InputName, TensorElementType.UInt8), (input.Key, input.Value.ElementDataType));
        Assert.Equal([-1, 3, 32, 32], input.Value.Dimensions);
        Assert.Equal((OnnxExport.OutputName, TensorElementType.Float), (output.Key, output.Value.ElementDataType));
        Assert.Equal([-1, 10], output.Value.Dimensions);
        Assert.Equal(OnnxExport.BatchDimension, input.Value.SymbolicDimensions[0]);
        using var onnx = OnnxInferenceModel.Open<Cifar10Cnn>(path);
        foreach (var batch in new[] { 1, 5 })
        {
            using var probabilities = onnx.Forward(TestModels.Inputs<Cifar10Cnn>(batch, seed: batch));
            Assert.Equal([batch, 10L], probabilities.shape);
            Assert.True(probabilities.sum(1).sub(1).abs().max().item<float>() < 1e-5, "softmax rows sum to 1");
        }
    }

    [Fact]
    public void The_metadata_names_the_model_its_architecture_version_classes_and_scaling()
    {
        using var folder = new TemporaryFolder();
        using var model = new Cifar10Cnn();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path, new ModelExportInfo(Cifar10Dataset.OfficialClassNames, Epoch: 3));

        using var onnx = OnnxInferenceModel.Open<Cifar10Cnn>(path);
        var metadata = onnx.Metadata;

        Assert.Equal("Cifar10Cnn", metadata[OnnxMetadata.ModelName]);
        Assert.Equal(Cifar10Cnn.ArchitectureHash, metadata[OnnxMetadata.ArchitectureHash]);
        Assert.Equal("0.1.0", metadata[OnnxMetadata.ModelGenVersion]);
        Assert.Equal("1084234", metadata[OnnxMetadata.ParameterCount]);
        Assert.Equal("3", metadata[OnnxMetadata.Epochs]);
        Assert.Equal("Probabilities", metadata[OnnxMetadata.OutputKind]);
        Assert.Equal(Cifar10Dataset.OfficialClassNames, JsonSerializer.Deserialize<string[]>(metadata[OnnxMetadata.ClassNames]));
        Assert.Equal([0.5], JsonSerializer.Deserialize<double[]>(metadata[OnnxMetadata.NormalizeMean])!);
        Assert.Equal([1.0], JsonSerializer.Deserialize<double[]>(metadata[OnnxMetadata.NormalizeStd])!);
        Assert.StartsWith("uint8 pixels [N, 3, 32, 32]", metadata[OnnxMetadata.Input], StringComparison.Ordinal);
        Assert.Equal(("Cifar10Cnn", 3), (onnx.Header.ModelName, onnx.Header.Epoch));
        Assert.Equal("ModelGen", onnx.Session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void A_feature_model_takes_float32_and_has_no_class_names_unless_given()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);

        using var onnx = OnnxInferenceModel.Open<HousePrices>(path);

        Assert.Equal(TensorElementType.Float, onnx.Session.InputMetadata[OnnxExport.InputName].ElementDataType);
        Assert.StartsWith("float32 features [N, 13]", onnx.Metadata[OnnxMetadata.Input], StringComparison.Ordinal);
        Assert.False(onnx.Metadata.ContainsKey(OnnxMetadata.ClassNames));
        Assert.Equal("Regression", onnx.Metadata[OnnxMetadata.OutputKind]);
        var error = Assert.Throws<ArgumentException>(() => onnx.Forward(zeros(2, 12)));
        Assert.Contains("takes float32 features shaped [N, 13], not Float32 [2, 12]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_the_same_weights_twice_writes_the_same_bytes()
    {
        using var folder = new TemporaryFolder();
        manual_seed(3);
        using var model = new Cifar10Cnn();
        model.ExportOnnx(folder.File("first.onnx"));
        model.ExportOnnx(folder.File("second.onnx"));

        Assert.Equal(File.ReadAllBytes(folder.File("first.onnx")), File.ReadAllBytes(folder.File("second.onnx")));
    }

    [Fact]
    public void The_readme_csharp_example_is_the_one_compiled_here()
    {
        var readme = File.ReadAllText(Path.Combine(TestModels.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var deploying = readme.IndexOf("\n## Deploying a model\n", StringComparison.Ordinal);
        var section = readme[readme.IndexOf("**C# with ONNX Runtime alone**", deploying, StringComparison.Ordinal)..];
        var block = Regex.Match(section, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var source = File.ReadAllText(Path.Combine(TestModels.RepositoryRoot(), "tests", "ModelGen.Onnx.Tests", "ReadmeDeploymentExample.cs")).ReplaceLineEndings("\n");
        var marked = Regex.Match(source, @"// README:start\n(.*?)\n\s*// README:end", RegexOptions.Singleline).Groups[1].Value;
        var example = string.Join("\n", marked.Split('\n').Select(line => line.Length >= 12 ? line[12..] : line.TrimStart())) + "\n";

        Assert.Equal("using System.Text.Json;\nusing Microsoft.ML.OnnxRuntime;\n\n" + example, block);
    }

    [Fact]
    public void The_readme_csharp_example_prints_the_class_and_probability_torchsharp_computes()
    {
        using var folder = new TemporaryFolder();
        manual_seed(5);
        using var model = new Cifar10Cnn();
        TestModels.Randomize(model, seed: 5);
        model.ExportOnnx(folder.File("model.onnx"), new ModelExportInfo(Cifar10Dataset.OfficialClassNames));
        using var image = TestModels.Inputs<Cifar10Cnn>(1, seed: 9);

        var printed = ReadmeDeploymentExample.Run(folder.File("model.onnx"), image.data<byte>().ToArray());

        using var torchSharp = TorchSharpInferenceModel<Cifar10Cnn>.Open(SaveMgm(model, folder));
        using var probabilities = torchSharp.Forward(image);
        var best = (int)probabilities.argmax(1).item<long>();
        var expected = string.Create(CultureInfo.CurrentCulture, $"{Cifar10Dataset.OfficialClassNames[best]} ({probabilities[0, best].item<float>():P1})");
        Assert.Equal(expected + Environment.NewLine, printed);
    }

    private static string SaveMgm(Cifar10Cnn model, TemporaryFolder folder)
    {
        var path = folder.File("model.mgm");
        Persistence.ModelFile.Save(model, path);
        return path;
    }
}
