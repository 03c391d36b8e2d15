using ModelGen.Data;
using ModelGen.Examples.Tabular;
using ModelGen.Runs;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// Bad image folders and tables: a message that names the file (and the line and column of a table), and no run
/// folder left behind.
/// </summary>
public class BadInputTests
{
    private static readonly string[] Classes = ["cat", "dog"];

    [Fact]
    public void An_empty_class_folder_is_named()
    {
        using var folder = new TemporaryFolder();
        var root = Pictures(folder);
        Directory.CreateDirectory(Path.Combine(root, "train", "zebra"));
        Directory.CreateDirectory(Path.Combine(root, "test", "zebra"));

        var error = Assert.Throws<DatasetException>(() => ImageFolder.Load(root, Cifar10Cnn.InputShape));

        Assert.Contains($"The class folder {Path.Combine(root, "train", "zebra")} is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_class_is_refused()
    {
        using var folder = new TemporaryFolder();
        var root = Pictures(folder);
        Directory.Delete(Path.Combine(root, "train", "dog"), recursive: true);

        var error = Assert.Throws<DatasetException>(() => ImageFolder.Load(root, Cifar10Cnn.InputShape));

        Assert.Contains($"{Path.Combine(root, "train")} has only one class folder (cat)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_are_not_pictures_are_listed_and_can_be_skipped_with_a_warning()
    {
        using var folder = new TemporaryFolder();
        var root = Pictures(folder);
        var notes = Path.Combine(root, "train", "cat", "notes.txt");
        File.WriteAllText(notes, "not a picture");
        var good = Directory.GetFiles(Path.Combine(root, "train", "dog"))[0];
        var truncated = Path.Combine(root, "train", "dog", "truncated.png");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good)[..60]);

        var error = Assert.Throws<DatasetException>(() => ImageFolder.Load(root, Cifar10Cnn.InputShape));
        using var skipping = ImageFolder.Load(root, Cifar10Cnn.InputShape, new ImageFolderOptions { SkipUnreadableFiles = true });

        Assert.Contains("holds 2 file(s) that are not pictures or cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{notes} is not a picture", error.Message, StringComparison.Ordinal);
        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
        Assert.Equal(8, skipping.Train.Count);
        Assert.Equal(2, skipping.Skipped.Count);
        Assert.Contains(skipping.Skipped, line => line.StartsWith(truncated, StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_on_a_bad_folder_stops_before_creating_its_output_folder()
    {
        using var folder = new TemporaryFolder();
        var root = Pictures(folder);
        Directory.CreateDirectory(Path.Combine(root, "train", "zebra"));
        var output = folder.File("run");

        var error = Assert.Throws<DatasetException>(() => ModelRun.Train<Cifar10Cnn>(
            new TrainRunRequest
            {
                LoadData = (progress, token) => RunData.LoadImages<Cifar10Cnn>(root, null, null, progress, token),
                OutputFolder = output,
                Training = new TrainingOptions { Epochs = 1 },
            },
            new RecordingReporter()));

        Assert.Contains("zebra", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_folder_without_test_split_is_refused_for_a_run()
    {
        using var folder = new TemporaryFolder();
        var root = Pictures(folder, Cifar10Dataset.OfficialClassNames);
        Directory.Delete(Path.Combine(root, "test"), recursive: true);

        var error = Assert.Throws<DatasetException>(() => RunData.LoadImageFolder<Cifar10Cnn>(root, null, CancellationToken.None));

        Assert.True(error.Message.Contains($"{root} has no test/ folder", StringComparison.Ordinal), error.Message);
    }

    [Theory]
    [InlineData("39.1,,181,3750,Adelie", "line 3, column 'bill_depth_mm': the value is missing")]
    [InlineData("39.1,NA,181,3750,Adelie", "line 3, column 'bill_depth_mm': the value is missing")]
    [InlineData("39.1,18.7,181,3750,", "line 3, column 'species': the value is missing")]
    [InlineData("39.1,18.7,long,3750,Adelie", "line 3, column 'flipper_length_mm': 'long' is not a number")]
    [InlineData("39.1,18.7,181,Adelie", "line 3: the row has 4 cells, but the header names 5 columns")]
    public void A_bad_cell_names_the_file_line_and_column(string row, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("penguins.csv");
        File.WriteAllText(path, $"bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,species\n39.5,17.4,186,3800,Adelie\n{row}\n49.3,15.7,217,5850,Gentoo\n");

        var error = Assert.Throws<DatasetException>(() => CsvTable.Load<PenguinSpecies>(path, "species"));

        Assert.Contains($"{path}, {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_column_that_does_not_exist_is_named_with_the_columns_there_are()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("penguins.csv");
        File.WriteAllText(path, "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,Species\n39.5,17.4,186,3800,Adelie\n");

        var error = Assert.Throws<DatasetException>(() => RunData.LoadTables<PenguinSpecies>(path, path, "species"));

        Assert.Contains($"{path} has no target column 'species' (did you mean 'Species'?)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An image folder with train/ and test/ splits of the classes (two by default), four random PNGs per class in train/, one in test/.</summary>
    private static string Pictures(TemporaryFolder folder, IReadOnlyList<string>? classes = null)
    {
        classes ??= Classes;
        var root = folder.File("pictures");
        using var images = randint(0, 256, [4 * classes.Count, 3, 32, 32], dtype: ScalarType.Byte);
        using var labels = arange(4 * classes.Count) % classes.Count;
        using var testImages = randint(0, 256, [classes.Count, 3, 32, 32], dtype: ScalarType.Byte);
        using var testLabels = arange(classes.Count);
        ImageFolder.Export(new TensorDataset(images, labels), new TensorDataset(testImages, testLabels), classes, root);
        return root;
    }
}
