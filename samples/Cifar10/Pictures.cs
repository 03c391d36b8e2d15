using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Reporting;

namespace ModelGen.Samples.Cifar10;

/// <summary>The images shown in the report: random training images, and random test predictions.</summary>
internal static class Pictures
{
    private const int Count = 25;

    public static IReadOnlyList<ImageSample> RandomTrainingImages(Cifar10Dataset data, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Math.Min(Count, data.Train.Count))
            .Select(_ => random.Next(data.Train.Count))
            .Select(index => ImageSample.ForLabel(data.Train.GetImageChw(index), 32, 32, data.Train.GetLabel(index), data.ClassNames))
            .ToList();
    }

    public static IReadOnlyList<ImageSample> Predictions(Cifar10Dataset data, EvaluationResult result) =>
        result.Samples
            .Select(p => ImageSample.ForPrediction(data.Test.GetImageChw(p.Index), 32, 32, p, data.ClassNames))
            .ToList();
}
