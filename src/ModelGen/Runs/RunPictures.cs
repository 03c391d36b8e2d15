using ModelGen.Data;
using ModelGen.Evaluation;
using static TorchSharp.torch;

namespace ModelGen.Runs;

/// <summary>Picks the images a report shows, when the inputs are drawable images (uint8, 1 or 3 channels).</summary>
internal static class RunPictures
{
    /// <summary><paramref name="count"/> training images at seeded random positions, with their class labels.</summary>
    public static IReadOnlyList<SamplePicture> RandomTraining(IDataset data, int count, int seed)
    {
        var labels = data.Targets;
        if (!ImagePixels.AreDrawable(data.Inputs) || labels.dtype != ScalarType.Int64 || labels.dim() != 1)
        {
            return [];
        }

        var total = (int)data.Inputs.shape[0];
        var random = new Random(seed);
        return Enumerable.Range(0, Math.Min(count, total))
            .Select(_ => random.Next(total))
            .Select(index =>
            {
                using var label = labels[index];
                return Picture(data.Inputs, index, (int)label.item<long>());
            })
            .ToList();
    }

    /// <summary>The images of an evaluation's sample predictions, labelled with their true classes.</summary>
    public static IReadOnlyList<SamplePicture> OfPredictions(IDataset data, IEnumerable<Prediction> predictions) =>
        ImagePixels.AreDrawable(data.Inputs)
            ? predictions.Select(p => Picture(data.Inputs, p.Index, p.TrueLabel)).ToList()
            : [];

    private static SamplePicture Picture(Tensor images, int index, int label) =>
        new(index, label, ImagePixels.Chw(images, index), (int)images.shape[2], (int)images.shape[3]);
}
