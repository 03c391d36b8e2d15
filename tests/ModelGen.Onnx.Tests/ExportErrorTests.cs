using Google.Protobuf;
using ModelGen.Examples.Tabular;
using ModelGen.Formats;
using ModelGen.Persistence;
using ModelGen.Samples.Cifar10;

namespace ModelGen.Onnx.Tests;

/// <summary>Mistakes get a message that says what and where, and leave no file, half or whole, behind.</summary>
public sealed class ExportErrorTests
{
    [Fact]
    public void Exporting_into_a_missing_folder_names_it_and_creates_nothing()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var missing = Path.Combine(folder.Path, "no-such-folder");

        var error = Assert.Throws<ModelFileException>(() => model.ExportOnnx(Path.Combine(missing, "model.onnx")));

        Assert.Contains($"the folder {missing} does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Exporting_into_a_read_only_folder_says_so_and_leaves_no_file()
    {
        using var folder = new ReadOnlyFolder();
        using var model = new HousePrices();
        var before = Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal).ToList();
        var target = folder.File("model.onnx");

        var error = Assert.Throws<ModelFileException>(() => model.ExportOnnx(target));

        Assert.StartsWith($"Cannot write the ONNX model {target}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_export_leaves_an_existing_file_as_it_was()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var target = folder.File("model.onnx");
        File.WriteAllText(target, "the previous export");
        Directory.CreateDirectory(Path.Combine(folder.Path, "blocker"));

        // A folder where the file should be: the write fails after the temporary file was written.
        var error = Assert.Throws<ModelFileException>(() => model.ExportOnnx(Path.Combine(folder.Path, "blocker")));

        Assert.Contains("blocker", error.Message, StringComparison.Ordinal);
        Assert.Equal("the previous export", File.ReadAllText(target));
        Assert.Equal(["blocker", "model.onnx"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Opening_the_onnx_model_of_another_architecture_names_both()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var path = folder.File("house.onnx");
        model.ExportOnnx(path);

        var error = Assert.Throws<ModelFileException>(() => OnnxInferenceModel.Open<Cifar10Cnn>(path));

        Assert.Contains($"{path} is the ONNX model of HousePrices (architecture {HousePrices.ArchitectureHash}, {HousePrices.ParameterCount:N0} parameters)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"opened as Cifar10Cnn (architecture {Cifar10Cnn.ArchitectureHash}, 1,084,234 parameters)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exporting_a_model_file_of_another_architecture_names_both_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var weights = folder.File("house.mgm");
        ModelFile.Save(model, weights);
        var target = folder.File("model.onnx");

        var error = Assert.Throws<ModelFileException>(() => OnnxExport.ExportOnnx<Cifar10Cnn>(weights, target));

        Assert.Contains("holds weights of HousePrices", error.Message, StringComparison.Ordinal);
        Assert.Contains("loaded into Cifar10Cnn", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void A_damaged_onnx_file_is_reported_as_such(string damage)
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var path = folder.File("model.onnx");
        model.ExportOnnx(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "garbage" => Enumerable.Range(0, 4096).Select(i => (byte)(i * 131 % 251)).ToArray(),
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => [],
        });

        var error = Assert.Throws<ModelFileException>(() => OnnxInferenceModel.Open<HousePrices>(path));

        Assert.StartsWith($"{path} is not a valid ONNX model, or it is damaged or truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_onnx_model_without_modelgen_metadata_cannot_be_opened_as_a_generated_model()
    {
        using var folder = new TemporaryFolder();
        using var model = new HousePrices();
        var onnx = OnnxExport.Build(model, new ModelExportInfo());
        onnx.MetadataProps.Clear();
        var path = folder.File("foreign.onnx");
        File.WriteAllBytes(path, onnx.ToByteArray());

        var error = Assert.Throws<ModelFileException>(() => OnnxInferenceModel.Open<HousePrices>(path));

        Assert.Contains("not one ModelGen exported (its metadata has no architecture_hash)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_onnx_file_is_named()
    {
        var error = Assert.Throws<ModelFileException>(() => OnnxInferenceModel.Open<HousePrices>("/nowhere/model.onnx"));

        Assert.Equal("The ONNX model /nowhere/model.onnx does not exist.", error.Message);
    }
}
