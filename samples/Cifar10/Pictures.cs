using System.Globalization;
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
            .Select(index => Sample(data.Train, index, data.ClassNames[data.Train.GetLabel(index)], isMistake: false))
            .ToList();
    }

    public static IReadOnlyList<ImageSample> Predictions(Cifar10Dataset data, EvaluationResult result) =>
        result.Samples
            .Select(p => Sample(
                data.Test,
                p.Index,
                string.Create(CultureInfo.InvariantCulture, $"{data.ClassNames[p.PredictedLabel]} {p.Score:0.00} (true: {data.ClassNames[p.TrueLabel]})"),
                isMistake: p.PredictedLabel != p.TrueLabel))
            .ToList();

    private static ImageSample Sample(LabeledImages images, int index, string caption, bool isMistake) =>
        new(images.GetImageChw(index), 32, 32, caption, isMistake);
}
