using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Examples.Vision;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Runtime.Tests;

/// <summary>Predictions from saved models: pictures, streams and table rows, with the training preprocessing.</summary>
public class PredictorTests
{
    private static readonly string[] Classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    [Fact]
    public void Pictures_get_their_top_classes_by_name_as_the_model_computes_them()
    {
        using var folder = new TemporaryFolder();
        var (modelPath, pictures) = SavedCifarModelAndPictures(folder);
        using var predictor = Predictor<Cifar10Cnn>.Open(modelPath);

        var predictions = predictor.PredictImages(pictures, top: 3);

        using var model = new Cifar10Cnn();
        ModelFile.Load(model, modelPath);
        model.eval();
        using var pixels = tensor(pictures.SelectMany(p => ImageFile.ReadPixels(p, Cifar10Cnn.InputShape)).ToArray(), [pictures.Count, 3, 32, 32]);
        using var guard = no_grad();
        using var probabilities = model.forward(Cifar10Cnn.Training.Normalization.Normalize(pixels));
        for (var i = 0; i < pictures.Count; i++)
        {
            var expected = probabilities[i].data<float>().ToArray().Select((p, label) => (p, label)).OrderByDescending(x => x.p).Take(3).ToList();
            Assert.Equal(pictures[i], predictions[i].Source);
            Assert.Equal(expected.Select(x => Classes[x.label]), predictions[i].Classes.Select(c => c.Name));
            Assert.Equal(expected.Select(x => (double)x.p), predictions[i].Classes.Select(c => c.Probability), new ToleranceComparer(1e-6));
        }

        using var stream = File.OpenRead(pictures[1]);
        var fromStream = predictor.PredictImage(stream, pictures[1]);
        Assert.Equal(predictions[1].Classes.Select(c => c.Name), fromStream.Classes.Select(c => c.Name));
        Assert.Equal(predictions[1].Classes.Select(c => c.Probability), fromStream.Classes.Select(c => c.Probability), new ToleranceComparer(1e-6));
    }

    [Fact]
    public void A_picture_that_cannot_be_decoded_stops_prediction_with_its_name()
    {
        using var folder = new TemporaryFolder();
        var (modelPath, pictures) = SavedCifarModelAndPictures(folder);
        var broken = folder.File("broken.png");
        File.WriteAllBytes(broken, File.ReadAllBytes(pictures[0])[..40]);
        var text = folder.File("notes.png");
        File.WriteAllText(text, "not a picture");
        using var predictor = Predictor<Cifar10Cnn>.Open(modelPath);

        var truncated = Assert.Throws<DatasetException>(() => predictor.PredictImages([pictures[0], broken]));
        var notPicture = Assert.Throws<DatasetException>(() => predictor.PredictImages([text]));

        Assert.Contains(broken, truncated.Message, StringComparison.Ordinal);
        Assert.Contains(text, notPicture.Message, StringComparison.Ordinal);
        Assert.Contains("not an image", notPicture.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_of_another_architecture_is_refused_with_both_names()
    {
        using var folder = new TemporaryFolder();
        using var other = new TinyClassifier();
        ModelFile.Save(other, folder.File("tiny.mgm"));

        var error = Assert.Throws<ModelFileException>(() => Predictor<Cifar10Cnn>.Open(folder.File("tiny.mgm")));

        Assert.Contains("TinyClassifier", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cifar10Cnn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_rows_are_matched_by_column_name_and_standardised_as_in_training()
    {
        using var folder = new TemporaryFolder();
        var scaling = new FeatureScaling([40, 17, 200, 4000], [5, 2, 14, 800]);
        var schema = new DataSchema
        {
            ClassNames = ["Adelie", "Chinstrap", "Gentoo"],
            FeatureNames = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"],
            TargetName = "species",
            Scaling = scaling,
        };
        manual_seed(2);
        using var model = new PenguinSpecies();
        ModelFile.Save(model, folder.File("penguins.mgm"), extra: schema.ToModelFileExtra());
        // Other column order, the target and an extra column: the predictor picks the features by name.
        File.WriteAllText(folder.File("rows.csv"), "species,body_mass_g,island,flipper_length_mm,bill_depth_mm,bill_length_mm\nAdelie,3750,Torgersen,181,18.7,39.1\n,5850,Biscoe,217,15.7,49.3\n");
        using var predictor = Predictor<PenguinSpecies>.Open(folder.File("penguins.mgm"));

        var predictions = predictor.PredictTable(folder.File("rows.csv"), top: 3);

        model.eval();
        using var raw = tensor(new float[] { 39.1f, 18.7f, 181, 3750, 49.3f, 15.7f, 217, 5850 }, [2, 4]);
        using var guard = no_grad();
        using var probabilities = model.forward(scaling.Apply(raw));
        Assert.Equal(["rows.csv:2", "rows.csv:3"], predictions.Select(p => p.Source));
        for (var i = 0; i < 2; i++)
        {
            var expected = probabilities[i].data<float>().ToArray().Select((p, label) => (p, label)).OrderByDescending(x => x.p).ToList();
            Assert.Equal(expected.Select(x => schema.ClassNames[x.label]), predictions[i].Classes.Select(c => c.Name));
            Assert.Equal(expected.Select(x => (double)x.p), predictions[i].Classes.Select(c => c.Probability), new ToleranceComparer(1e-6));
        }

        File.WriteAllText(folder.File("bad.csv"), "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g\n39.1,18.7,181,3750\n39.5,deep,186,3800\n");
        var notNumber = Assert.Throws<DatasetException>(() => predictor.PredictTable(folder.File("bad.csv")));
        Assert.Contains("bad.csv, line 3, column 'bill_depth_mm': 'deep' is not a number", notNumber.Message, StringComparison.Ordinal);
        File.WriteAllText(folder.File("short.csv"), "bill_length_mm,bill_depth_mm,body_mass_g\n39.1,18.7,3750\n");
        var missing = Assert.Throws<DatasetException>(() => predictor.PredictTable(folder.File("short.csv")));
        Assert.Contains("no feature column 'flipper_length_mm'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regression_model_predicts_values()
    {
        using var folder = new TemporaryFolder();
        var schema = new DataSchema { FeatureNames = Enumerable.Range(0, 13).Select(i => $"f{i}").ToList(), TargetName = "price" };
        manual_seed(4);
        using var model = new HousePrices();
        ModelFile.Save(model, folder.File("houses.mgm"), extra: schema.ToModelFileExtra());
        using var predictor = Predictor<HousePrices>.Open(folder.File("houses.mgm"));
        using var features = linspace(-1, 1, 26).reshape(2, 13);

        var predictions = predictor.Predict(features);

        model.eval();
        using var guard = no_grad();
        Assert.Equal(model.forward(features).reshape(-1).data<float>().ToArray(), predictions.Select(p => p.Values!.Single()));
        Assert.All(predictions, p => Assert.Empty(p.Classes));
    }

    private static (string ModelPath, IReadOnlyList<string> Pictures) SavedCifarModelAndPictures(TemporaryFolder folder)
    {
        manual_seed(8);
        using var model = new Cifar10Cnn();
        var modelPath = folder.File("model.mgm");
        ModelFile.Save(model, modelPath, extra: new DataSchema { ClassNames = Classes }.ToModelFileExtra());
        using var images = randint(0, 256, [4, 3, 32, 32], dtype: ScalarType.Byte);
        using var labels = tensor(new long[] { 3, 1, 3, 9 });
        ImageFolder.Export(new TensorDataset(images, labels), null, Classes, folder.File("pictures"));
        return (modelPath, ImageFile.FindImages([folder.File("pictures")]));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
