using Xunit.Abstractions;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The training script's parts that the parity steps do not reach: the closed-form schedule, the input scaling, and a
/// run that is interrupted and resumed from its checkpoint.
/// </summary>
public sealed class TrainingScriptTests(ITestOutputHelper output)
{
    /// <summary>Every schedule of the catalogue, over more epochs than its period.</summary>
    public static TheoryData<string> Schedules => new()
    {
        "constant",
        "{exponential: 0.9}",
        "{step: {step_size: 3, gamma: 0.5}}",
        "{cosine: {period: 5, min_lr: 0.0001}}",
        "{cosine: {min_lr: 0.001}}",
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public async Task The_script_learning_rate_of_every_epoch_is_the_trainer_one(string schedule)
    {
        const int Epochs = 9;
        using var export = PythonExport.Write(SpecWithTraining($"optimizer: {{sgd: 0.1}}\n  schedule: {schedule}\n  epochs: {Epochs}"));
        var settings = RuntimeSettings.From(export.Training);

        await export.RunParityAsync("schedule", export.ScriptModule, Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), export.PathOf("rates.pt"));

        var rates = StateDictFiles.Load(export.PathOf("rates.pt"))["rates"].data<double>().ToArray();
        var expected = Enumerable.Range(1, Epochs).Select(epoch => ModelGen.Training.Schedules.LearningRateAt(settings.Schedule, 0.1, epoch, Epochs)).ToArray();
        output.WriteLine(string.Join(", ", rates));
        Assert.Equal(expected.Length, rates.Length);
        for (var i = 0; i < Epochs; i++)
        {
            Assert.Equal(expected[i], rates[i], 12);
        }

        Assert.True(schedule == "constant" || rates.Distinct().Count() > 1, "the schedule never changed the rate");
    }

    /// <summary>Every per-step schedule of the catalogue.</summary>
    public static TheoryData<string> StepSchedules => new()
    {
        "{linear: 0.2}",
        "{linear: {warmup: 0.1, start_factor: 0.2, end_factor: 0.05}}",
        "{one_cycle: {pct_start: 0.25}}",
        "{one_cycle: {pct_start: 0.3, div_factor: 10, final_div_factor: 100, anneal_strategy: linear}}",
        "{piecewise_linear: [[0, 0.2], [0.23, 1], [1, 0.07]]}",
    };

    [Theory]
    [MemberData(nameof(StepSchedules))]
    public async Task The_script_learning_rate_of_every_step_is_the_trainer_one(string schedule)
    {
        const int Steps = 37;
        using var export = PythonExport.Write(SpecWithTraining($"optimizer: {{sgd: 0.1}}\n  schedule: {schedule}"));
        var settings = RuntimeSettings.From(export.Training);
        Assert.True(settings.Schedule.PerStep);

        await export.RunParityAsync("steps", export.ScriptModule, Steps.ToString(System.Globalization.CultureInfo.InvariantCulture), export.PathOf("rates.pt"));

        var rates = StateDictFiles.Load(export.PathOf("rates.pt"))["rates"].data<double>().ToArray();
        var expected = Enumerable.Range(0, Steps).Select(step => ModelGen.Training.Schedules.LearningRateAtStep(settings.Schedule, 0.1, step, Steps)).ToArray();
        output.WriteLine(string.Join(", ", rates));
        Assert.Equal(Steps, rates.Length);
        for (var i = 0; i < Steps; i++)
        {
            Assert.Equal(expected[i], rates[i], 12);
        }

        Assert.True(rates.Distinct().Count() > Steps / 2, "the rate did not change from step to step");
    }

    [Theory]
    [InlineData("{mean: 0.5, std: 1.0}")]
    [InlineData("{mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]}")]
    public async Task The_script_scales_images_as_the_dotnet_batches_do(string normalize)
    {
        using var export = PythonExport.Write(SpecWithTraining($"normalize: {normalize}"));
        var settings = RuntimeSettings.From(export.Training);
        var images = randint(0, 256, [4, 3, 8, 8], dtype: ScalarType.Byte);
        StateDictFiles.Save(export.PathOf("images.pt"), new Dictionary<string, Tensor> { ["images"] = images });

        await export.RunParityAsync("prepare", export.ScriptModule, export.PathOf("images.pt"), export.PathOf("prepared.pt"));

        var python = StateDictFiles.Load(export.PathOf("prepared.pt"))["prepared"];
        var dotnet = ModelGen.Data.InputScaling.Normalize(settings.Normalization, images);
        Assert.True((python - dotnet).abs().max().item<float>() <= 1e-6);
        Assert.True(dotnet.std().item<float>() > 0.1, "the images were not scaled from 0-255");
    }

    [Fact]
    public async Task A_resumed_run_ends_with_the_weights_of_an_uninterrupted_one()
    {
        using var export = PythonExport.OfModel("house-prices.model.yaml");
        await MakeRegressionDataAsync(export.PathOf("data.npz"));

        var whole = await TrainAsync(export, "whole", "--epochs", "2");
        var first = await TrainAsync(export, "resumed", "--epochs", "1");
        File.Copy(Path.Combine(export.PathOf("resumed"), "model.pt"), export.PathOf("after-epoch-1.pt"));
        var resumed = await TrainAsync(export, "resumed", "--epochs", "2", "--resume");

        Assert.Contains("Epoch 1/1", first.StandardOutput);
        Assert.Contains("Resuming from", resumed.StandardOutput);
        Assert.Contains("(epoch 1 done)", resumed.StandardOutput);
        Assert.DoesNotContain("Epoch 1/2", resumed.StandardOutput);
        Assert.Matches(@"Epoch 2/2  lr 0\.000950  loss \d+\.\d{4}  MAE \d+\.\d{4}  val loss \d+\.\d{4}  val MAE \d+\.\d{4}  test loss \d+\.\d{4}  test MAE \d+\.\d{4}", resumed.StandardOutput);
        Assert.Matches(@"Test MAE: \d+\.\d{4}\s*$", resumed.StandardOutput);
        var a = StateDictFiles.Load(Path.Combine(export.PathOf("whole"), "model.pt"));
        var b = StateDictFiles.Load(Path.Combine(export.PathOf("resumed"), "model.pt"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a.Keys, name => Assert.True(a[name].eq(b[name]).all().item<bool>(), $"{name} differs"));
        // The second epoch did train: the weights moved on from the first epoch's.
        Assert.False(b["dense1.weight"].eq(StateDictFiles.Load(export.PathOf("after-epoch-1.pt"))["dense1.weight"]).all().item<bool>());
    }

    [Fact]
    public async Task A_resumed_recipe_run_ends_with_the_weights_of_an_uninterrupted_one()
    {
        // Augmentation (random by seed and epoch), the weight average (saved in the checkpoint), parameter groups, label
        // smoothing and six-view test-time augmentation, through the script's whole loop.
        const string Recipe = "optimizer: {sgd: {lr: 0.05, momentum: 0.9, nesterov: true}}\n  batch_size: 16\n  label_smoothing: 0.1\n" +
            "  augment: {crop: {padding: 1, fill: reflect}, flip: alternate, cutout: 2}\n  parameter_groups: {batch_norm: {lr_scale: 2, weight_decay: 0}}\n" +
            "  ema: {decay: 0.8, every: 2}\n  test_time_augmentation: flip_translate";
        using var export = PythonExport.Write(
            $"model: Net\ninput: [3, 8, 8]\nlayers:\n  - conv2d: {{filters: 4, kernel: 3, padding: same}}\n  - batch_norm\n  - relu\n  - max_pool2d: 2\n" +
            $"  - flatten\n  - dense: 3\ntraining:\n  {Recipe}\n");
        await MakeImageDataAsync(export.PathOf("data.npz"));

        await TrainAsync(export, "whole", "--epochs", "2");
        await TrainAsync(export, "again", "--epochs", "2");
        await TrainAsync(export, "resumed", "--epochs", "1");
        var resumed = await TrainAsync(export, "resumed", "--epochs", "2", "--resume");

        Assert.Contains("(epoch 1 done)", resumed.StandardOutput);
        Assert.Matches(@"Test accuracy: \d\.\d{4}\s*$", resumed.StandardOutput);
        var whole = StateDictFiles.Load(Path.Combine(export.PathOf("whole"), "model.pt"));
        foreach (var other in new[] { "again", "resumed" })
        {
            var weights = StateDictFiles.Load(Path.Combine(export.PathOf(other), "model.pt"));
            Assert.All(whole.Keys, name => Assert.True(whole[name].eq(weights[name]).all().item<bool>(), $"{other}: {name} differs"));
        }
    }

    private static string SpecWithTraining(string training) =>
        $"model: Net\ninput: [3, 8, 8]\nlayers:\n  - conv2d: {{filters: 2, kernel: 3}}\n  - flatten\n  - dense: 3\ntraining:\n  {training}\n";

    private async Task<ProcessResult> TrainAsync(PythonExport export, string folder, params string[] arguments)
    {
        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(3),
            [export.Files.TrainingScriptFileName, "--data", "data.npz", "--out", folder, .. arguments]);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    /// <summary>Small uint8 images of three classes, written by numpy.</summary>
    private static async Task MakeImageDataAsync(string path)
    {
        var script = "import numpy as np, sys; r = np.random.default_rng(4); x = r.integers(0, 256, size=(128, 3, 8, 8), dtype=np.uint8); " +
            "y = r.integers(0, 3, size=128).astype(np.int64); np.savez(sys.argv[1], x_train=x[:96], y_train=y[:96], x_test=x[96:], y_test=y[96:])";
        var run = await PythonTorch.RunAsync(Path.GetDirectoryName(path)!, TimeSpan.FromMinutes(1), "-c", script, path);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>A small regression data set for HousePrices (13 features), written by numpy.</summary>
    private static async Task MakeRegressionDataAsync(string path)
    {
        var script = "import numpy as np, sys; r = np.random.default_rng(3); x = r.normal(size=(300, 13)).astype(np.float32); " +
            "y = (x @ r.normal(size=(13, 1))).astype(np.float32); np.savez(sys.argv[1], x_train=x[:200], y_train=y[:200], x_test=x[200:], y_test=y[200:])";
        var run = await PythonTorch.RunAsync(Path.GetDirectoryName(path)!, TimeSpan.FromMinutes(1), "-c", script, path);
        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
