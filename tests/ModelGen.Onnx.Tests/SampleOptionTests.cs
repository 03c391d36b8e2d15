namespace ModelGen.Onnx.Tests;

/// <summary>The sample's command line refuses what it does not understand, with exit code 1 and one message.</summary>
public sealed class SampleOptionTests
{
    [Theory]
    [InlineData("Unknown option --epoch of 'train'. Did you mean --epochs?", "train", "--epoch", "1", "--limt", "500")]
    [InlineData("Unknown option --limt. Did you mean --limit?", "--limt", "500")]
    [InlineData("Unknown option --bogus of 'summary'. Its options are --mermaid, --spec, --training (--help describes them).", "summary", "--bogus")]
    [InlineData("--spec cifar10-fats is not a spec this sample compiles: use cifar10-cnn, cifar10-fast or cifar10-fast-small", "train", "--spec", "cifar10-fats")]
    [InlineData("--spec nope is not a spec this sample compiles: use cifar10-cnn, cifar10-fast or cifar10-fast-small", "summary", "--spec", "nope")]
    [InlineData("Unknown option --modle of 'evaluate'. Did you mean --model?", "evaluate", "--modle=model.mgm")]
    [InlineData("Unknown command 'trian'. Did you mean train?", "trian", "--epochs", "1")]
    [InlineData("--epochs must be a whole number from 1 to 100,000, not 99999999999.", "train", "--epochs", "99999999999")]
    [InlineData("--lr must be a number greater than 0 and at most 1,000,000, not 1e308.", "train", "--lr", "1e308")]
    [InlineData("--lr must be a number greater than 0 and at most 1,000,000, not NaN.", "train", "--lr", "NaN")]
    [InlineData("--batch-size must be a whole number from 1 to 1,000,000, not 0.", "train", "--batch-size", "0")]
    [InlineData("--validation-split must be a number from 0 to below 1, not 1.", "train", "--validation-split", "1")]
    [InlineData("--threads must be a whole number from 1 to 1,024, not 5000.", "train", "--threads", "5000")]
    [InlineData("--seed must be a whole number from -2,147,483,648 to 2,147,483,647, not 1e3.", "train", "--seed", "1e3")]
    [InlineData("--test-index must be a whole number from 0 to 9,999, not 10000.", "predict", "--test-index", "3", "--test-index", "10000")]
    [InlineData("--allow-changes only applies with --resume", "train", "--allow-changes")]
    [InlineData("Option 'epochs' is defined but no value has been provided.", "train", "--epochs")]
    public void Unknown_misspelt_and_out_of_range_options_are_refused(string expected, params string[] arguments)
    {
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, arguments);

        SampleProgram.AssertUserError(result, expected);
        Assert.DoesNotContain("Failed to convert", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Theory]
    [InlineData(null, "Model: \"Cifar10Cnn\"", "Total params: 1,084,234", 10)]
    [InlineData("cifar10-fast", "Model: \"Cifar10Fast\"", "Total params: 1,972,792", 10)]
    [InlineData("cifar10-fast-small", "Model: \"Cifar10FastSmall\"", "Total mult-adds (per example, forward): 54,248,248", 6)]
    public void Summary_describes_the_spec_it_is_given(string? spec, string model, string total, int epochs)
    {
        using var folder = new TemporaryFolder();

        var result = SampleProgram.Run(folder.Path, spec is null ? new[] { "summary", "--training" } : new[] { "summary", "--spec", spec, "--training" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(model, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(total, result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Epochs:     {epochs}", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void More_threads_than_cores_is_a_warning_and_a_batch_size_that_cannot_fit_is_refused_with_the_estimate_before_reading_data()
    {
        using var folder = new TemporaryFolder();
        var threads = Environment.ProcessorCount + 1;

        var result = SampleProgram.Run(
            folder.Path, "train", "--threads", $"{threads}", "--batch-size", "1000000", "--data", "no-such-archive.tar.gz", "--out", "run");

        Assert.Contains(
            $"Warning: --threads {threads} is more than this machine's {Environment.ProcessorCount} core(s)", SampleProgram.Flatten(result.Output), StringComparison.Ordinal);
        SampleProgram.AssertUserError(result, "Training Cifar10Cnn in batches of 1,000,000 needs about 1.1 TB of memory (1.1 MB of activations per sample,");
        Assert.Matches("but this machine has [0-9.]+ [MGT]B\\. Use a batch size of at most [0-9,]+\\.", SampleProgram.Flatten(result.Output));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "run")));
    }

    [Fact]
    public void Export_takes_the_spec_from_the_model_file_and_refuses_a_spec_it_does_not_fit()
    {
        using var folder = new TemporaryFolder();
        using (var model = new ModelGen.Samples.Cifar10.Cifar10FastSmall())
        {
            Persistence.ModelFile.Save(model, folder.File("small.mgm"));
        }

        var result = SampleProgram.Run(folder.Path, "export", "--model", "small.mgm", "--onnx", "small.onnx");
        var mismatch = SampleProgram.Run(folder.Path, "export", "--model", "small.mgm", "--onnx", "other.onnx", "--spec", "cifar10-cnn");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Wrote the ONNX model of Cifar10FastSmall", SampleProgram.Flatten(result.Output), StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("small.onnx")));
        SampleProgram.AssertUserError(mismatch, "holds weights of Cifar10FastSmall");
        Assert.False(File.Exists(folder.File("other.onnx")));
    }
}
