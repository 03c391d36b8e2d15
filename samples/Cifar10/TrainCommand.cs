using System.ComponentModel;
using ModelGen.Data;
using ModelGen.Onnx;
using ModelGen.Reporting;
using ModelGen.Runs;
using ModelGen.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// The Keras tutorial, from the spec alone: load and show the data, train with the spec's settings, save the
/// model (and model.onnx beside it), reload it, evaluate it, and report with pictures and tables (all done by
/// <see cref="ModelRun.Train"/>).
/// </summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
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
        [Description("Train on the first N training images only (an image folder lists its pictures class by class, so there the first N are of the first classes).")]
        public int? Limit { get; init; }

        [CommandOption("--validation-split <FRACTION>")]
        [Description("Hold out this fraction of the training images (a seeded random choice) to validate on after every epoch; overrides the spec's validation_split (0: none).")]
        public double? ValidationSplit { get; init; }

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

        if (settings.ValidationSplit is { } split && !(split >= 0 && split < 1))
        {
            throw new UserException($"--validation-split is a fraction from 0 to below 1 (0.1: a tenth), not {split}.");
        }

        TorchSetup.ConfigureThreads(settings.Threads);
        var request = new TrainRunRequest
        {
            // Only the first --limit images are read at all.
            LoadData = (progress, token) => RunData.LoadImages<Cifar10Cnn>(
                settings.Data, settings.Limit, new ImageFolderOptions { SkipUnreadableFiles = settings.SkipUnreadable }, progress, token),
            OutputFolder = settings.Out,
            Training = new TrainingOptions
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                LearningRate = settings.LearningRate,
                ValidationSplit = settings.ValidationSplit,
                Seed = settings.Seed,
                Device = TorchSetup.SelectDevice(settings.Device),
                Resume = settings.Resume,
            },
            Exports = [OnnxFormat.Instance],
        };
        ModelRun.Train<Cifar10Cnn>(request, new ConsoleRunReporter(AnsiConsole.Console), cancellationToken);
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
