using ModelGen.Examples.Tabular;
using ModelGen.Examples.Vision;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// Runs the classes generated from models/*.model.yaml in TorchSharp, so every compile-time fact
/// (shapes, parameter counts) is checked against what the real modules do.
/// </summary>
public class GeneratedModelTests
{
    [Fact]
    public void TorchSharp_native_library_loads()
    {
        // Fails when libLibTorchSharp.so cannot load (on Debian 12 without the build-time fix, for example).
        using var sum = ones(2, 3).sum();
        Assert.Equal(6f, sum.item<float>());
    }

    [Fact]
    public void Cifar10_forward_on_a_random_batch_gives_N_by_10_probabilities()
    {
        using var model = new Cifar10Cnn();
        model.eval();
        using var input = randn(5, 3, 32, 32);

        using var output = model.forward(input);

        Assert.Equal(new long[] { 5, 10 }, output.shape);
        using var rowSums = output.sum(1);
        Assert.True(rowSums.allclose(ones(5)), "softmax rows sum to 1");
    }

    [Fact]
    public void Cifar10_parameter_count_is_the_keras_figure_and_torchsharps_count()
    {
        using var model = new Cifar10Cnn();

        Assert.Equal(1_084_234, Cifar10Cnn.ParameterCount);
        Assert.Equal(Cifar10Cnn.ParameterCount, model.parameters().Sum(p => p.numel()));
        Assert.EndsWith("Non-trainable params: 0\nTotal mult-adds (per example, forward): 13,363,978\n" + new string('_', Cifar10Cnn.Summary.Split('\n')[^1].Length), Cifar10Cnn.Summary);
        Assert.Contains("Total params: 1,084,234", Cifar10Cnn.Summary);
    }

    [Fact]
    public void Cifar10_rejects_a_wrong_input_shape_with_a_clear_message()
    {
        using var model = new Cifar10Cnn();
        using var channelsLast = randn(8, 32, 32, 3);

        var error = Assert.Throws<ModelInputShapeException>(() => model.forward(channelsLast));

        Assert.Equal("Cifar10Cnn", error.ModelName);
        Assert.Equal(new long[] { 3, 32, 32 }, error.Expected);
        Assert.Equal(new long[] { 8, 32, 32, 3 }, error.Actual);
        Assert.Contains("Cifar10Cnn expects input shaped [N, 3, 32, 32]", error.Message);
        Assert.Contains("but got [8, 32, 32, 3]", error.Message);
        Assert.Contains("permute(0, 3, 1, 2)", error.Message);
    }

    [Fact]
    public void A_single_unbatched_sample_is_rejected_with_a_hint()
    {
        using var model = new Cifar10Cnn();
        using var sample = randn(3, 32, 32);

        var error = Assert.Throws<ModelInputShapeException>(() => model.forward(sample));

        Assert.Contains("unsqueeze(0)", error.Message);
    }

    [Fact]
    public void Forward_logits_then_softmax_equals_forward()
    {
        using var model = new Cifar10Cnn();
        model.eval();
        using var input = randn(4, 3, 32, 32);

        using var probabilities = model.forward(input);
        using var logits = model.ForwardLogits(input);
        using var softmaxOfLogits = logits.softmax(1);

        Assert.True(probabilities.allclose(softmaxOfLogits, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Layer_fields_are_the_state_dict_names_and_initialisers_apply()
    {
        using var model = new Cifar10Cnn();
        var state = model.state_dict();

        Assert.Contains("conv1.weight", state.Keys);
        Assert.Contains("dense2.bias", state.Keys);
        // bias_init: zeros (Keras's default) in the spec's defaults.
        Assert.Equal(0f, state["conv1.bias"].abs().sum().item<float>());
        // glorot_uniform: |w| <= sqrt(6 / (fan_in + fan_out)) = sqrt(6 / (27 + 144)).
        Assert.True(state["conv1.weight"].abs().max().item<float>() <= MathF.Sqrt(6f / (27 + 144)) + 1e-6f);
    }

    [Fact]
    public void Cifar10_training_settings_come_from_the_spec()
    {
        var training = Cifar10Cnn.Training;

        Assert.Equal(new AdamaxSettings(0.005, 0.9, 0.999, 1e-8, 0), training.Optimizer);
        Assert.Equal(new ExponentialSchedule(0.9), training.Schedule);
        Assert.Equal(LossFunction.CategoricalCrossEntropy, training.Loss);
        Assert.Equal(64, training.BatchSize);
        Assert.Equal(10, training.Epochs);
    }

    [Fact]
    public void Cifar10Cnn_facts_match_torchsharp() => CheckFacts<Cifar10Cnn>();

    [Fact]
    public void ConvOptions_facts_match_torchsharp() => CheckFacts<ConvOptions>();

    [Fact]
    public void MnistMlp_facts_match_torchsharp() => CheckFacts<MnistMlp>();

    [Fact]
    public void TinyClassifier_facts_match_torchsharp() => CheckFacts<TinyClassifier>();

    [Fact]
    public void HousePrices_facts_match_torchsharp() => CheckFacts<HousePrices>();

    /// <summary>
    /// The compile-time facts of a generated model agree with TorchSharp at run time: output shape (in both
    /// training and evaluation mode), parameter count in total and per layer, and each layer's output shape.
    /// </summary>
    private static void CheckFacts<TModel>()
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        using var scope = NewDisposeScope();
        var model = new TModel();
        Assert.Equal(TModel.ParameterCount, model.parameters().Sum(p => p.numel()));

        var children = model.named_children().ToDictionary(child => child.name, child => child.module);
        Assert.Equal(TModel.Architecture.Layers.Select(layer => layer.Name), children.Keys);
        foreach (var layer in TModel.Architecture.Layers)
        {
            Assert.Equal(layer.ParameterCount, children[layer.Name].parameters().Sum(p => p.numel()));
        }

        var input = randn(new long[] { 3 }.Concat(TModel.InputShape).ToArray());
        foreach (var training in new[] { true, false })
        {
            model.train(training);
            var output = model.forward(input);
            Assert.Equal(new long[] { 3 }.Concat(TModel.OutputShape), output.shape);
        }

        // Every layer's output shape, by running the layers one by one (through its registered hooks).
        var observed = new List<long[]>();
        foreach (var layer in TModel.Architecture.Layers)
        {
            var module = (nn.Module<Tensor, Tensor>)children[layer.Name];
            module.register_forward_hook((_, _, output) =>
            {
                observed.Add(output.shape);
                return output;
            });
        }

        model.eval();
        model.forward(input);
        Assert.Equal(TModel.Architecture.Layers.Length, observed.Count);
        for (var i = 0; i < observed.Count; i++)
        {
            var expected = new long[] { 3 }.Concat(TModel.Architecture.Layers[i].OutputShape).ToArray();
            var actual = TModel.Architecture.Layers[i].Type == "global_avg_pool2d" ? observed[i][..2] : observed[i];
            Assert.True(expected.SequenceEqual(actual), $"{TModel.ModelName}.{TModel.Architecture.Layers[i].Name}: expected {string.Join(",", expected)}, got {string.Join(",", actual)}");
        }
    }
}
