using System.ComponentModel;
using System.Globalization;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Reporting;
using ModelGen.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// The Keras tutorial, from the spec alone: load and show the data, train with the spec's settings, save the
/// model, reload it, evaluate it, and report with pictures and tables.
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public const string ModelFileName = "model.mgm";
    public const string CheckpointFileName = "checkpoint.mgm";

    public sealed class Settings : CommonSettings
    {
        [CommandOption("--epochs <N>")]
        [Description("Overrides the spec's epochs (10).")]
        public int? Epochs { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("Overrides the spec's batch size (64).")]
        public int? BatchSize { get; init; }

        [CommandOption("--lr <RATE>")]
        [Description("Overrides the spec's initial learning rate (0.005).")]
        public double? LearningRate { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Train on the first N training images only.")]
        public int? Limit { get; init; }

        [CommandOption("--resume")]
        [Description("Continue the run in --out from its last checkpoint.")]
        public bool Resume { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Train(settings, token));

    private static int Train(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Resume && settings.Out is null)
        {
            throw new UserException("--resume continues an earlier run: pass its folder with --out (the folder holding checkpoint.mgm).");
        }

        Validate(settings.Epochs, "--epochs");
        Validate(settings.BatchSize, "--batch-size");
        Validate(settings.Limit, "--limit");
        if (settings.LearningRate is <= 0 or double.NaN)
        {
            throw new UserException("--lr must be greater than 0.");
        }

        var threads = TorchSetup.ConfigureThreads(settings.Threads);
        var device = TorchSetup.SelectDevice(settings.Device);
        using var data = DataLoading.Load(settings.Data, settings.Limit, cancellationToken);

        // Created only once the data is there, so a mistake on the command line leaves no empty run folder behind.
        var output = RunFolder.Resolve(settings.Out);
        AnsiConsole.MarkupLineInterpolated($"Output folder: [blue]{output}[/]");
        var batchSize = settings.BatchSize ?? Cifar10Cnn.Training.BatchSize;
        AnsiConsole.MarkupLineInterpolated(
            $"Data: {data.Train.Count:N0} training and {data.Test.Count:N0} test images from {data.SourcePath}; batch size {batchSize}, {threads} thread(s), device {device.type}.");
        var trainingImages = Pictures.RandomTrainingImages(data, settings.Seed);

        manual_seed(settings.Seed);
        using var model = new Cifar10Cnn();
        var options = new TrainingOptions
        {
            Epochs = settings.Epochs,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            Device = device,
            CheckpointPath = Path.Combine(output, CheckpointFileName),
            Resume = settings.Resume,
        };

        var train = DataLoading.Batches(data.Train, batchSize, shuffle: true, settings.Seed, device);
        var test = DataLoading.Batches(data.Test, DataLoading.EvaluationBatchSize, shuffle: false, settings.Seed, device);
        if (settings.Resume)
        {
            AnsiConsole.MarkupLine(File.Exists(options.CheckpointPath)
                ? $"Resuming from {Markup.Escape(options.CheckpointPath)} (epoch {ModelFile.ReadHeader(options.CheckpointPath).Epoch} done)."
                : "No checkpoint in the output folder yet: starting from epoch 1.");
        }

        var training = Cifar10Cnn.Training;
        AnsiConsole.MarkupLineInterpolated(
            $"Training {Cifar10Cnn.ModelName} ({Cifar10Cnn.ParameterCount:N0} parameters) for {settings.Epochs ?? training.Epochs} epochs with {training.Optimizer}, {training.Schedule}, {training.Loss}.");
        var history = ConsoleProgress.Run(progress =>
        {
            using var trainer = new Trainer<Cifar10Cnn>(model, options, progress);
            return trainer.Fit(train, test, cancellationToken).ToList();
        });

        // As the tutorial does: save the trained model, load it back, and evaluate the loaded copy.
        var modelPath = Path.Combine(output, ModelFileName);
        ModelFile.Save(model, modelPath, history.Count == 0 ? 0 : history[^1].Epoch);
        using var reloaded = new Cifar10Cnn();
        ModelFile.Load(reloaded, modelPath);
        reloaded.to(device);
        var result = Evaluator.Evaluate(reloaded, test, Cifar10Cnn.Training.Loss, data.ClassNames, samplePredictions: 25, settings.Seed, device);

        // Ends with the line scripts look for: "Test accuracy: 0.xxxx".
        ConsoleReport.WriteEvaluation(AnsiConsole.Console, result);

        var files = RunReport.Write(output, new RunReportContent
        {
            ModelName = Cifar10Cnn.ModelName,
            Test = result,
            Epochs = history,
            ModelSummary = Cifar10Cnn.Summary,
            TrainingSettings = Cifar10Cnn.Training.ToString(),
            TrainingImages = trainingImages,
            TestPredictions = Pictures.Predictions(data, result),
            CreatedAt = DateTimeOffset.Now,
            Details = RunFolder.Details(settings, batchSize, threads, device, data),
        });
        AnsiConsole.MarkupLineInterpolated($"Model: [blue]{modelPath}[/]");
        AnsiConsole.MarkupLineInterpolated($"Report: [blue]{files.ReportHtml}[/] (pictures and metrics.json beside it)");
        return 0;
    }

    private static void Validate(int? value, string option)
    {
        if (value is < 1)
        {
            throw new UserException($"{option} must be at least 1, not {value}.");
        }
    }
}
