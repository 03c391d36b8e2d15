using System.ComponentModel;
using ModelGen.Training;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace ModelGen.Samples.Tabular;

/// <summary>Trains a table's model as its spec says, with the command line's overrides (logic: <see cref="Runs.ModelRun"/>).</summary>
internal sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TABLE>")]
        [Description("houses (Ames housing prices, regression) or penguins (Palmer penguin species, classification).")]
        public string Table { get; init; } = string.Empty;

        [CommandOption("--epochs <N>")]
        [OptionRange(1, 100_000)]
        [Description("Overrides the spec's epochs (early stopping may stop sooner).")]
        public int? Epochs { get; init; }

        [CommandOption("--validation-split <FRACTION>")]
        [OptionRange(0, 1, MaximumExcluded = true)]
        [Description("Overrides the spec's validation_split: the fraction of the training rows held out (seeded) to validate on after every epoch.")]
        public double? ValidationSplit { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for weight initialisation, the validation split and shuffling. Default: 1.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--threads <N>")]
        [OptionRange(1, 1024)]
        [Description("CPU threads for TorchSharp. Default: one per core.")]
        public int? Threads { get; init; }

        [CommandOption("--out <FOLDER>")]
        [Description("Where to write model.mgm, best.mgm, the checkpoint, report.html and metrics.json. Default: runs/<timestamp>.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token =>
        {
            if (settings.Epochs is < 1)
            {
                throw new UserException($"--epochs must be at least 1, not {settings.Epochs}.");
            }

            if (settings.ValidationSplit is { } split && !(split >= 0 && split < 1))
            {
                throw new UserException($"--validation-split is a fraction from 0 to below 1 (0.2: a fifth), not {split}.");
            }

            if (settings.Threads is { } threads)
            {
                set_num_threads(Math.Max(1, threads));
            }

            var options = new TrainingOptions { Epochs = settings.Epochs, ValidationSplit = settings.ValidationSplit, Seed = settings.Seed };
            Tables.Train(settings.Table, options, settings.Out, token);
            return 0;
        });
}
