using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Formats;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// A briefly trained CIFAR-10 network (1 epoch on 5,000 real images) classifies the 10,000 test images the same in
/// ONNX Runtime as in TorchSharp: at most 2 images differ, and the accuracies differ by at most as many.
/// </summary>
public sealed class RealCifar10AccuracyTests
{
    [RealCifar10Fact]
    public void The_onnx_model_classifies_the_test_set_as_the_mgm_model_does()
    {
        using var folder = new TemporaryFolder();
        using var data = Cifar10Dataset.Load(RealCifar10.ArchivePath, limit: 5000);
        manual_seed(1);
        using (var model = new Cifar10Cnn())
        {
            using var trainer = new Trainer<Cifar10Cnn>(model, new TrainingOptions { Epochs = 1, Seed = 1 });
            var history = trainer.Fit(data.Train, data.Test);
            Assert.True(history[0].TestAccuracy > 0.3, $"the model did not learn: test accuracy {history[0].TestAccuracy}");
            ModelFile.Save(model, folder.File("model.mgm"), epoch: 1);
            model.ExportOnnx(folder.File("model.onnx"), new ModelExportInfo(data.ClassNames, Epoch: 1));
        }

        using var torchSharp = ModelFormats.Open<Cifar10Cnn>(folder.File("model.mgm"), [OnnxFormat.Instance]);
        using var onnx = ModelFormats.Open<Cifar10Cnn>(folder.File("model.onnx"), [OnnxFormat.Instance]);
        Assert.IsType<OnnxInferenceModel>(onnx);
        var options = new EvaluationOptions { ClassNames = data.ClassNames };

        var expected = Evaluator.Evaluate<Cifar10Cnn>(torchSharp, data.Test, options);
        var actual = Evaluator.Evaluate<Cifar10Cnn>(onnx, data.Test, options);
        var differing = DifferingPredictions(torchSharp, onnx, data.Test.Images);

        Assert.Equal(10_000, actual.SampleCount);
        Assert.True(differing <= 2, $"{differing} of 10,000 test images are classified differently");
        Assert.InRange(Math.Abs(actual.Accuracy!.Value - expected.Accuracy!.Value) * 10_000, 0, differing + 1e-6);
        Assert.Equal(expected.Loss, actual.Loss, 3);
    }

    private static int DifferingPredictions(IInferenceModel first, IInferenceModel second, Tensor images)
    {
        var differing = 0;
        for (long start = 0; start < images.shape[0]; start += 1000)
        {
            using var scope = NewDisposeScope();
            var batch = images.narrow(0, start, Math.Min(1000, images.shape[0] - start));
            differing += (int)first.Forward(batch).argmax(1).ne(second.Forward(batch).argmax(1)).sum().item<long>();
        }

        return differing;
    }
}
