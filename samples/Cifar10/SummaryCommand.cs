using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Prints the summary table the generator computed at build time; nothing runs in TorchSharp.</summary>
internal sealed class SummaryCommand : Command<SummaryCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--training")]
        [Description("Also print the training settings from the spec.")]
        public bool ShowTraining { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Plain text, not markup: the table is already laid out, and may contain brackets.
        Console.WriteLine(Cifar10Cnn.Summary);
        if (settings.ShowTraining)
        {
            var training = Cifar10Cnn.Training;
            Console.WriteLine();
            Console.WriteLine($"Optimizer:  {training.Optimizer}");
            Console.WriteLine($"Schedule:   {training.Schedule}");
            Console.WriteLine($"Loss:       {training.Loss}");
            Console.WriteLine($"Batch size: {training.BatchSize}");
            Console.WriteLine($"Epochs:     {training.Epochs}");
        }

        return 0;
    }
}
