using System.ComponentModel;
using ModelGen.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Writes a saved model's weights in another format (<see cref="PyTorchWeights.Export{TModel}"/>).</summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("The model to export: model.mgm or checkpoint.mgm written by 'train' (or a PyTorch .pt file).")]
        public string? Model { get; init; }

        [CommandOption("--pytorch-weights <PATH>")]
        [Description("Write the weights as a PyTorch state_dict file (torch.load reads it; the module 'modelgen export pytorch' writes loads it).")]
        public string? PyTorchWeights { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(_ => Export(settings));

    private static int Export(Settings settings)
    {
        var model = settings.Model ?? throw new UserException("Pass the model to export with --model path/to/model.mgm.");
        var output = settings.PyTorchWeights ?? throw new UserException("Pass what to write: --pytorch-weights out.pt.");
        Persistence.PyTorchWeights.Export<Cifar10Cnn>(model, output);
        AnsiConsole.MarkupLineInterpolated($"Wrote the weights of {model} as a PyTorch state_dict to [blue]{Path.GetFullPath(output)}[/]");
        return 0;
    }
}
