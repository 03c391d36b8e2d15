using System.ComponentModel;
using ModelGen.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Prints the summary table (or the Mermaid diagram) the generator computed at build time; nothing runs in TorchSharp.</summary>
internal sealed class SummaryCommand : Command<SummaryCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--spec <NAME>")]
        [Description("The compiled spec to describe: cifar10-cnn (the default), cifar10-fast or cifar10-fast-small.")]
        public string? Spec { get; init; }

        [CommandOption("--training")]
        [Description("Also print the training settings from the spec.")]
        public bool ShowTraining { get; init; }

        [CommandOption("--mermaid [PATH]")]
        [Description("Print the network as a Mermaid flowchart instead of the table, or write it to PATH (atomically).")]
        public FlagValue<string> Mermaid { get; init; } = new();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(_ => CompiledSpecs.Run(settings.Spec, new Describe(settings)));

    private sealed class Describe(Settings settings) : ISpecAction<int>
    {
        public int Run<TModel>()
            where TModel : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, IGeneratedModel, new()
        {
            if (settings.Mermaid.IsSet)
            {
                return WriteMermaid<TModel>(settings.Mermaid.Value);
            }

            // Plain text, not markup: the table is already laid out, and may contain brackets.
            Console.WriteLine(TModel.Summary);
            if (settings.ShowTraining)
            {
                var training = TModel.Training;
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

    private static int WriteMermaid<TModel>(string? path)
        where TModel : IGeneratedModel
    {
        if (string.IsNullOrEmpty(path))
        {
            // Plain text: Mermaid labels contain brackets that Spectre would read as markup.
            Console.WriteLine(TModel.MermaidDiagram);
            return 0;
        }

        // A temporary file renamed into place: a reader never sees half a diagram.
        OutputFile.WriteAllText(path, TModel.MermaidDiagram + "\n");
        AnsiConsole.MarkupLineInterpolated($"Wrote the Mermaid diagram of {TModel.ModelName} to {Path.GetFullPath(path)}");
        return 0;
    }
}
