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
        [CommandOption("--spec <NAME>")]
        [Description("The compiled spec to train: cifar10-cnn (the Keras tutorial's network, the default), cifar10-fast (airbench94's network and recipe) or cifar10-fast-small (its cheaper sibling).")]
        public string? Spec { get; init; }

        [CommandOption("--epochs <N>")]
        [OptionRange(1, 100_000)]
        [Description("Overrides the spec's epochs (cifar10-cnn: 10), 1 to 100,000.")]
        public int? Epochs { get; init; }

        [CommandOption("--batch-size <N>")]
        [OptionRange(1, 1_000_000)]
        [Description("Overrides the spec's batch size (cifar10-cnn: 64), 1 to 1,000,000; one that cannot fit in memory is refused with the estimate.")]
        public int? BatchSize { get; init; }

        [CommandOption("--lr <RATE>")]
        [OptionRange(0, 1_000_000, MinimumExcluded = true)]
        [Description("Overrides the spec's initial learning rate (cifar10-cnn: 0.005), greater than 0 and at most 1,000,000.")]
        public double? LearningRate { get; init; }

        [CommandOption("--limit <N>")]
        [OptionRange(1, int.MaxValue)]
        [Description("Train on the first N training images only (an image folder lists its pictures class by class, so there the first N are of the first classes).")]
        public int? Limit { get; init; }

        [CommandOption("--validation-split <FRACTION>")]
        [OptionRange(0, 1, MaximumExcluded = true)]
        [Description("Hold out this fraction of the training images (a seeded random choice) to validate on after every epoch; overrides the spec's validation_split (0: none).")]
        public double? ValidationSplit { get; init; }

        [CommandOption("--resume")]
        [Description("Continue the run in --out from its last checkpoint, with that run's epochs, batch size, learning rate, limit and seed.")]
        public bool Resume { get; init; }

        [CommandOption("--allow-changes")]
        [Description("With --resume: let --epochs, --batch-size, --lr, --limit, --seed or other data differ from the run's own (each change is listed). Without it they are refused.")]
        public bool AllowChanges { get; init; }

        [CommandOption("--continue-on-nan")]
        [Description("Keep training when the loss becomes NaN or infinite (recorded as such; null in metrics.json). Default: stop, keeping the last complete epoch's checkpoint, model and report.")]
        public bool ContinueOnNan { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Train(settings, token));

    private static int Train(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Resume && settings.Out is null)
        {
            throw new UserException("--resume continues an earlier run: pass its folder with --out (the folder holding checkpoint.mgm).");
        }

        if (settings.AllowChanges && !settings.Resume)
        {
            throw new UserException("--allow-changes only applies with --resume: it lets a resumed run change its settings.");
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
                Limit = settings.Limit,
                ValidationSplit = settings.ValidationSplit,
                Seed = settings.Seed,
                Device = TorchSetup.SelectDevice(settings.Device),
                Resume = settings.Resume,
                AllowSettingChanges = settings.AllowChanges,
                OnNonFiniteLoss = settings.ContinueOnNan ? NonFiniteLossAction.Continue : NonFiniteLossAction.Stop,
            },
            Exports = [OnnxFormat.Instance],
        };
        try
        {
            CompiledSpecs.Run(settings.Spec, new TrainSpec(request, cancellationToken));
        }
        catch (TrainingSettingsConflictException conflict)
        {
            throw new UserException(
                $"{conflict.CheckpointPath} continues a run that was started with {conflict.Recorded}; this resume asks for " +
                $"{string.Join(", ", conflict.Changes)}. Leave out {string.Join(", ", conflict.Changes.Select(c => OptionOf(c.Setting)).Distinct())} " +
                "to continue the run as it started (it then ends as the uninterrupted run would), or add --allow-changes to change it.");
        }

        return 0;
    }

    private sealed class TrainSpec(TrainRunRequest request, CancellationToken cancellationToken) : ISpecAction<RunOutcome>
    {
        public RunOutcome Run<TModel>()
            where TModel : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, IGeneratedModel, new() =>
            ModelRun.Train<TModel>(request, new ConsoleRunReporter(AnsiConsole.Console), cancellationToken);
    }

    private static string OptionOf(string setting) => setting switch
    {
        "epochs" => "--epochs",
        "batch size" => "--batch-size",
        "learning rate" => "--lr",
        "limit" => "--limit",
        "seed" => "--seed",
        _ => "--data",
    };
}
