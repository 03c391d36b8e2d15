using ModelGen.Data;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The generated CIFAR-10 network really learns: a short run on the real data set (when it is here).</summary>
public class RealDataSmokeTests
{
    [RealCifar10Fact]
    public void One_epoch_on_5000_real_images_beats_30_percent_test_accuracy()
    {
        using var data = Cifar10Dataset.Load(RealCifar10.ArchivePath, limit: 5000);
        manual_seed(1);
        using var model = new Cifar10Cnn();
        using var trainer = new Trainer<Cifar10Cnn>(model, new TrainingOptions { Epochs = 1, Seed = 1 });

        var history = trainer.Fit(data.Train, data.Test);

        Assert.True(history[0].TestAccuracy > 0.30, $"test accuracy {history[0].TestAccuracy:0.0000} after one epoch on 5,000 images");
    }
}
