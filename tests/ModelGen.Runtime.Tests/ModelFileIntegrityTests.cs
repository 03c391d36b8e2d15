using System.Text;
using System.Text.Json;
using ModelGen.Persistence;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// A model file carries the SHA-256 of its tensor bytes: a damaged file (one flipped byte, a truncated copy) is refused
/// with a message that names it, before any weight is loaded; files of the first format, without a checksum, still load.
/// </summary>
public sealed class ModelFileIntegrityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-integrity").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_saved_file_states_its_payload_and_checksum_and_loads()
    {
        var path = SaveTiny();

        var header = ModelFile.ReadHeader(path);

        Assert.Matches("^[0-9a-f]{64}$", header.PayloadSha256);
        Assert.True(header.PayloadLength > 4 * TinyClassifier.ParameterCount);
        using var loaded = new TinyClassifier();
        Assert.Equal(header, ModelFile.Load(loaded, path));
    }

    [Fact]
    public void One_flipped_byte_in_the_weights_is_refused_naming_the_file()
    {
        var path = SaveTiny();
        var bytes = File.ReadAllBytes(path);
        bytes[^20] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using var model = new TinyClassifier();
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(model, path));

        Assert.StartsWith(path + " is damaged: its weights do not match the checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_copy_is_refused_naming_the_file()
    {
        var path = SaveTiny();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        using var model = new TinyClassifier();
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(model, path));

        Assert.StartsWith(path + " is damaged: its header announces", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_the_first_format_without_a_checksum_still_loads()
    {
        manual_seed(7);
        using var saved = new TinyClassifier();
        var path = Path.Combine(_folder, "v1.mgm");
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            writer.Write("MODELGEN-WEIGHTS/1");
            writer.Write(JsonSerializer.Serialize(new ModelFileHeader(TinyClassifier.ModelName, TinyClassifier.ArchitectureHash, TinyClassifier.ParameterCount, "", 1, false)));
            saved.save(writer);
        }

        using var loaded = new TinyClassifier();
        ModelFile.Load(loaded, path);

        var expected = saved.state_dict();
        foreach (var (name, tensor) in loaded.state_dict())
        {
            Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), name);
        }
    }

    private string SaveTiny()
    {
        manual_seed(3);
        using var model = new TinyClassifier();
        var path = Path.Combine(_folder, "tiny.mgm");
        ModelFile.Save(model, path, epoch: 1);
        return path;
    }
}
