using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Data that does not fit the model is refused before training starts, saying what is wrong and how to fix it.</summary>
public sealed class DataFitTests
{
    [Fact]
    public void Channels_last_images_get_the_permute_hint()
    {
        using var images = zeros(new long[] { 6, 32, 32, 3 }, dtype: ScalarType.Byte);
        using var labels = zeros(6, dtype: ScalarType.Int64);
        using var model = new Cifar10Cnn();
        using var trainer = new Trainer<Cifar10Cnn>(model);

        var error = Assert.Throws<DatasetException>(() => trainer.TrainingBatches(new TensorDataset(images, labels)));

        Assert.StartsWith("The training data does not fit Cifar10Cnn: Cifar10Cnn expects input shaped [N, 3, 32, 32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("but got [6, 32, 32, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("permute(0, 3, 1, 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_hot_targets_for_a_classifier_get_the_argmax_hint()
    {
        using var images = zeros(new long[] { 4, 3, 8, 8 });
        using var oneHot = zeros(4, 5);
        using var model = new TinyClassifier();

        var error = Assert.Throws<DatasetException>(() => Evaluator.Evaluate(model, new TensorDataset(images, oneHot)));

        Assert.Equal(
            "The evaluation data does not fit TinyClassifier: TinyClassifier is a classifier, so its targets must be int64 class indices " +
            "shaped [4], not Float32 [4, 5]. One-hot rows become indices with targets.argmax(1), whole-number values with targets.to_type(ScalarType.Int64).",
            error.Message);
    }

    [Fact]
    public void A_class_the_model_does_not_have_is_named()
    {
        using var images = zeros(new long[] { 4, 3, 8, 8 });
        using var labels = tensor(new long[] { 0, 4, 7, 1 });
        using var model = new TinyClassifier();
        using var trainer = new Trainer<TinyClassifier>(model);

        var error = Assert.Throws<DatasetException>(() => trainer.Evaluate(new TensorDataset(images, labels)));

        Assert.Equal("The evaluation data does not fit TinyClassifier: its targets hold class 7, but TinyClassifier has 5 classes (0-4).", error.Message);
    }

    [Fact]
    public void Images_for_a_model_of_features_and_other_number_types_are_refused()
    {
        using var pixels = zeros(new long[] { 4, 13 }, dtype: ScalarType.Byte);
        using var doubles = zeros(new long[] { 4, 13 }, dtype: ScalarType.Float64);
        using var values = zeros(4);
        using var model = new HousePrices();
        using var trainer = new Trainer<HousePrices>(model);

        var images = Assert.Throws<DatasetException>(() => trainer.TrainingBatches(new TensorDataset(pixels, values)));
        var wrongType = Assert.Throws<DatasetException>(() => trainer.TrainingBatches(new TensorDataset(doubles, values)));

        Assert.Contains("taken as images [N, C, H, W], but HousePrices takes [N, 13]. Pass float32 features", images.Message, StringComparison.Ordinal);
        Assert.Contains("its inputs are Float64 [4, 13]", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("inputs.to_type(ScalarType.Float32)", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_must_have_a_row_per_input()
    {
        using var features = zeros(4, 13);
        using var values = zeros(3);
        using var model = new HousePrices();

        var error = Assert.Throws<DatasetException>(() => Evaluator.Evaluate(model, new TensorDataset(features, values)));

        Assert.Equal(
            "The evaluation data does not fit HousePrices: it has 4 inputs but targets shaped [3]: there must be one target row per input.",
            error.Message);
    }
}
