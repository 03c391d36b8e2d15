using System.Collections.Immutable;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Formats;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// A model opened for inference (its file run elsewhere) gets the spec's test-time augmentation too: its outputs,
/// averaged over the same views, give the probabilities and the loss the generated class gives.
/// </summary>
public sealed class InferenceTestTimeAugmentationTests
{
    [Theory]
    [InlineData(TestTimeAugmentation.Flip)]
    [InlineData(TestTimeAugmentation.FlipTranslate)]
    public void An_opened_model_averages_the_views_the_generated_class_averages(TestTimeAugmentation views)
    {
        using var folder = new TemporaryFolder();
        manual_seed(4);
        using var model = new Cifar10Cnn();
        ModelFile.Save(model, folder.File("model.mgm"));
        model.eval();
        using var opened = TorchSharpInferenceModel<Cifar10Cnn>.Open(folder.File("model.mgm"));
        // Cifar10Cnn ends with softmax and trains on its logits: the generated class averages logits, the opened
        // model (which returns probabilities) log-probabilities.
        var augmented = new OutputRules("Cifar10Cnn", ModelOutputKind.Probabilities, LossFunction.CategoricalCrossEntropy, ImmutableArray.Create(10L), testTimeAugmentation: views);
        var plain = new OutputRules("Cifar10Cnn", ModelOutputKind.Probabilities, LossFunction.CategoricalCrossEntropy, ImmutableArray.Create(10L));
        using var scope = NewDisposeScope();
        using var noGradients = no_grad();
        var images = randint(0, 256, [6, 3, 32, 32], dtype: ScalarType.Byte, generator: new TorchSharp.torch.Generator(9));
        var targets = tensor(new long[] { 0, 1, 2, 3, 4, 5 });

        var expected = augmented.Outputs(model, Cifar10Cnn.Training.Normalization.Normalize(images));
        var actual = augmented.InferenceOutputs(opened, images);
        var alone = plain.InferenceOutputs(opened, images);

        var probabilities = augmented.ClassProbabilities(expected);
        Assert.True(augmented.ClassProbabilities(actual).allclose(probabilities, rtol: 0, atol: 1e-5));
        Assert.Equal(augmented.Loss(expected, targets).item<float>(), augmented.Loss(actual, targets).item<float>(), 5);
        var viewsChange = (plain.ClassProbabilities(alone) - probabilities).abs().max().item<float>();
        Assert.True(viewsChange > 1e-4, $"the views change the probabilities by only {viewsChange}, so the comparison proves little");
    }

    [Fact]
    public void Moving_by_one_pixel_works_on_stored_uint8_images()
    {
        using var folder = new TemporaryFolder();
        using (var model = new Cifar10Cnn())
        {
            ModelFile.Save(model, folder.File("model.mgm"));
        }

        using var opened = TorchSharpInferenceModel<Cifar10Cnn>.Open(folder.File("model.mgm"));
        var sixViews = new OutputRules("Cifar10Cnn", ModelOutputKind.Probabilities, LossFunction.CategoricalCrossEntropy, ImmutableArray.Create(10L),
            testTimeAugmentation: TestTimeAugmentation.FlipTranslate);
        using var scope = NewDisposeScope();
        var images = randint(0, 256, [2, 3, 32, 32], dtype: ScalarType.Byte);

        var outputs = sixViews.InferenceOutputs(opened, images);

        Assert.Equal(new long[] { 2, 10 }, outputs.shape);
        Assert.True(outputs.isfinite().all().item<bool>());
    }

    [Fact]
    public void Every_view_of_a_channels_last_batch_is_channels_last()
    {
        var sixViews = new OutputRules("M", ModelOutputKind.Logits, LossFunction.CrossEntropy, ImmutableArray.Create(3L),
            testTimeAugmentation: TestTimeAugmentation.FlipTranslate);
        using var scope = NewDisposeScope();
        var recorder = new LayoutRecorder();

        sixViews.InferenceOutputs(recorder, ChannelsLast.Of(rand(2, 3, 8, 8)));
        sixViews.InferenceOutputs(recorder, rand(2, 3, 8, 8));

        Assert.Equal(Enumerable.Repeat(true, 6).Concat(Enumerable.Repeat(false, 6)), recorder.ChannelsLastViews);
    }

    /// <summary>Answers zeros, and notes whether each batch it is given is stored channels-last.</summary>
    private sealed class LayoutRecorder : IInferenceModel
    {
        public List<bool> ChannelsLastViews { get; } = [];

        public ModelFileHeader Header => throw new NotSupportedException();

        public Tensor Forward(Tensor inputs)
        {
            ChannelsLastViews.Add(ChannelsLast.IsChannelsLast(inputs));
            return zeros(inputs.shape[0], 3);
        }

        public void Dispose()
        {
        }
    }
}
