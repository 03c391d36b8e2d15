using ModelGen.Examples.Tabular;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Onnx.Tests;

/// <summary>
/// The sample's export, predict and evaluate commands given bad targets and bad model files: a message saying what
/// and where, exit code 1, no stack trace, and no file (half or whole) left behind.
/// </summary>
public sealed class SampleCommandErrorTests : IClassFixture<SampleCommandErrorTests.SavedModels>
{
    private readonly SavedModels _models;

    public SampleCommandErrorTests(SavedModels models) => _models = models;

    [Fact]
    public void Export_into_a_missing_folder_says_so_and_creates_nothing()
    {
        using var folder = new TemporaryFolder();
        var target = Path.Combine(folder.Path, "missing", "out.onnx");

        var result = SampleProgram.Run(folder.Path, "export", "--model", _models.Cifar10, "--onnx", target);

        SampleProgram.AssertUserError(result, $"Cannot write the ONNX model {target}: the folder {Path.Combine(folder.Path, "missing")} does not exist.");
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Export_into_a_read_only_folder_says_so_and_leaves_no_file()
    {
        using var folder = new ReadOnlyFolder();
        var before = Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal).ToList();
        var target = folder.File("out.onnx");

        var result = SampleProgram.Run(Path.GetTempPath(), "export", "--model", _models.Cifar10, "--onnx", target);

        SampleProgram.AssertUserError(result, $"Cannot write the ONNX model {target}: the folder {folder.Path} is not writable");
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Export_of_a_model_file_of_another_architecture_names_both_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        var target = folder.File("out.onnx");

        var result = SampleProgram.Run(folder.Path, "export", "--model", _models.HousePrices, "--onnx", target);

        SampleProgram.AssertUserError(result, "holds weights of HousePrices");
        SampleProgram.AssertUserError(result, "loaded into Cifar10Cnn");
        Assert.False(File.Exists(target));
    }

    [RealCifar10Fact]
    public void Predict_and_evaluate_with_a_damaged_onnx_file_say_it_is_damaged()
    {
        using var folder = new TemporaryFolder();
        var damaged = folder.File("model.onnx");
        var bytes = File.ReadAllBytes(_models.Cifar10Onnx);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 3)]);

        var predict = SampleProgram.Run(folder.Path, "predict", "--model", damaged, "--test-index", "0", "--data", RealCifar10.ArchivePath);
        var evaluate = SampleProgram.Run(folder.Path, "evaluate", "--model", damaged, "--data", RealCifar10.ArchivePath);

        SampleProgram.AssertUserError(predict, $"{damaged} is not a valid ONNX model, or it is damaged or truncated");
        SampleProgram.AssertUserError(evaluate, $"{damaged} is not a valid ONNX model, or it is damaged or truncated");
        Assert.Equal(["model.onnx"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Train_on_an_image_folder_with_an_empty_class_folder_names_it_and_creates_no_run_folder()
    {
        using var folder = new TemporaryFolder();
        foreach (var (split, name) in new[] { ("train", "cat"), ("train", "dog"), ("test", "cat"), ("test", "dog") })
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, "pictures", split, name));
            if (!(split == "train" && name == "dog"))
            {
                File.WriteAllText(Path.Combine(folder.Path, "pictures", split, name, "1.png"), "never decoded: the layout is checked first");
            }
        }

        var result = SampleProgram.Run(folder.Path, "train", "--data", "pictures", "--epochs", "1", "--out", "run");

        SampleProgram.AssertUserError(result, $"The class folder {Path.Combine("pictures", "train", "dog")} is empty");
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Fact]
    public void Train_on_an_image_folder_lists_files_that_are_not_pictures_and_skips_them_when_asked()
    {
        using var folder = new TemporaryFolder();
        var classes = Data.Cifar10Dataset.OfficialClassNames;
        foreach (var split in new[] { "train", "test" })
        {
            for (var label = 0; label < classes.Count; label++)
            {
                var classFolder = Path.Combine(folder.Path, "pictures", split, classes[label]);
                Directory.CreateDirectory(classFolder);
                using var bitmap = new SkiaSharp.SKBitmap(32, 32);
                bitmap.Erase(new SkiaSharp.SKColor((byte)(label * 25), 100, (byte)(250 - (label * 25))));
                using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(classFolder, "1.png"), png.ToArray());
            }
        }

        var notes = Path.Combine("pictures", "train", "cat", "notes.txt");
        File.WriteAllText(Path.Combine(folder.Path, notes), "not a picture");

        var failing = SampleProgram.Run(folder.Path, "train", "--data", "pictures", "--epochs", "1", "--out", "run");
        var skipping = SampleProgram.Run(folder.Path, "train", "--data", "pictures", "--epochs", "1", "--out", "run", "--skip-unreadable");

        SampleProgram.AssertUserError(failing, "holds 1 file(s) that are not pictures or cannot be read");
        // The console wraps the long path anywhere: compare without white space.
        Assert.Contains(Squeezed($"{Path.Combine(folder.Path, notes)} is not a picture"), Squeezed(failing.Output), StringComparison.Ordinal);
        SampleProgram.AssertUserError(failing, "--skip-unreadable");
        Assert.True(skipping.ExitCode == 0, skipping.ToString());
        Assert.Contains("Warning: skipped 1 file(s) that are not pictures or cannot be read", SampleProgram.Flatten(skipping.Output), StringComparison.Ordinal);
        Assert.Contains(Squeezed(Path.Combine(folder.Path, notes)), Squeezed(skipping.Output), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Path, "run", "model.mgm")));
    }

    [Fact]
    public void Predict_of_a_picture_that_cannot_be_decoded_names_it_and_prints_no_prediction()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("notes.png"), "not a picture");

        var result = SampleProgram.Run(folder.Path, "predict", "--model", _models.Cifar10, "notes.png");

        SampleProgram.AssertUserError(result, "notes.png is not an image SkiaSharp can read");
        Assert.DoesNotContain("1st", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_with_the_model_file_of_another_architecture_names_both()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(folder.File("a.png"), File.ReadAllBytes(_models.Cifar10)[..0]);

        var result = SampleProgram.Run(folder.Path, "predict", "--model", _models.HousePrices, "a.png");

        SampleProgram.AssertUserError(result, "holds weights of HousePrices");
        SampleProgram.AssertUserError(result, "loaded into Cifar10Cnn");
    }

    [Fact]
    public void Predict_with_the_onnx_model_of_another_architecture_names_both()
    {
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, "predict", "--model", _models.HousePricesOnnx, "--test-index", "0");

        SampleProgram.AssertUserError(result, "is the ONNX model of HousePrices");
        SampleProgram.AssertUserError(result, "opened as Cifar10Cnn");
    }

    /// <summary>A saved CIFAR-10 model and a saved model of another architecture, as .mgm and .onnx.</summary>
    private static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    public sealed class SavedModels : IDisposable
    {
        private readonly TemporaryFolder _folder = new();

        public SavedModels()
        {
            using var cifar = new Cifar10Cnn();
            ModelFile.Save(cifar, Cifar10);
            cifar.ExportOnnx(Cifar10Onnx);
            using var house = new HousePrices();
            ModelFile.Save(house, HousePrices);
            house.ExportOnnx(HousePricesOnnx);
        }

        public string Cifar10 => _folder.File("cifar10.mgm");

        public string Cifar10Onnx => _folder.File("cifar10.onnx");

        public string HousePrices => _folder.File("house.mgm");

        public string HousePricesOnnx => _folder.File("house.onnx");

        public void Dispose() => _folder.Dispose();
    }
}
