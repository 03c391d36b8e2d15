using Microsoft.ML.OnnxRuntime;
using ModelGen.Data;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// Every spec in models/ (random weights, real-ish inputs): the exported ONNX model, run in ONNX Runtime with every
/// graph optimisation on, returns what the generated class's eval-mode forward returns, within 1e-4 (relative for
/// outputs larger than 1); and the ONNX
/// checker accepts it. The cases are the generated classes, so a new spec is checked without a new test.
/// </summary>
public sealed class EveryModelExportsTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Models => TestModels.Names();

    [Fact]
    public void Every_spec_in_models_is_exported_here()
    {
        var specs = Directory.GetFiles(TestModels.ModelsFolder, "*.model.yaml");

        Assert.Equal(specs.Length, TestModels.Generated().Count);
        Assert.True(specs.Length >= 5, $"only {specs.Length} specs in models/");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_returns_what_forward_returns_in_eval_mode(string modelName) =>
        TestModels.Invoke(typeof(EveryModelExportsTests), nameof(CompareOutputs), modelName);

    [Theory]
    [MemberData(nameof(Models))]
    public void The_onnx_checker_accepts_the_export_with_opset_17_and_a_dynamic_batch(string modelName) =>
        TestModels.Invoke(typeof(EveryModelExportsTests), nameof(Check), modelName);

    private static void CompareOutputs<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        using var folder = new TemporaryFolder();
        manual_seed(7);
        using var model = new TModel();
        TestModels.Randomize(model, seed: 11);
        model.eval();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);

        using var allOptimizations = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var onnx = OnnxInferenceModel.Open<TModel>(path, allOptimizations);
        foreach (var batch in new[] { 1, 13 })
        {
            using var scope = NewDisposeScope();
            var inputs = TestModels.Inputs<TModel>(batch, seed: batch);
            var scaled = inputs.dtype == ScalarType.Byte ? TModel.Training.Normalization.Normalize(inputs) : inputs;
            Tensor expected;
            using (no_grad())
            {
                expected = model.forward(scaled);
            }

            var actual = onnx.Forward(inputs);

            Assert.Equal(expected.shape, actual.shape);
            // Within 1e-4 of outputs up to 1 in size, relative beyond: float32 sums of thousands of random weights
            // (cifar10-fast's 256-channel convolutions) carry rounding in proportion to their size.
            var difference = (actual - expected).abs().max().item<float>();
            var scale = Math.Max(1, expected.abs().max().item<float>());
            Assert.True(difference <= Tolerance * scale,
                $"{TModel.ModelName}, batch {batch}: ONNX Runtime differs from TorchSharp by up to {difference:E2} (outputs up to {scale:E2})");
            Assert.True(batch == 1 || expected.std().item<float>() > 1e-3, $"{TModel.ModelName}: the outputs hardly vary, so the comparison would prove little");
        }
    }

    private static void Check<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        using var folder = new TemporaryFolder();
        using var model = new TModel();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);

        var facts = OnnxChecker.Check(path);

        Assert.Equal(OnnxExport.OpsetVersion, facts.Opset);
        Assert.Equal(OnnxExport.IrVersion, facts.IrVersion);
        Assert.Equal(["N", .. TModel.InputShape.Select(size => size.ToString(System.Globalization.CultureInfo.InvariantCulture))], facts.InputDimensions);
        Assert.Equal(["N", .. TModel.OutputShape.Select(size => size.ToString(System.Globalization.CultureInfo.InvariantCulture))], facts.OutputDimensions);
        Assert.Equal(TModel.InputShape.Length == 3 ? "uint8" : "float", facts.InputType);
    }
}
