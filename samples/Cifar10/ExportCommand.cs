using System.ComponentModel;
using ModelGen.Data;
using ModelGen.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Writes a saved model in a deployment format (ONNX: <see cref="OnnxExport"/>).</summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("The model file written by 'train' (model.mgm or checkpoint.mgm).")]
        public string? Model { get; init; }

        [CommandOption("--onnx <PATH>")]
        [Description("Write an ONNX model (opset 17; raw uint8 pixels in, class probabilities out) to PATH. The folder must exist.")]
        public string? Onnx { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(_ => Export(settings));

    private static int Export(Settings settings)
    {
        var model = settings.Model ?? throw new UserException("Pass the model to export: --model runs/<timestamp>/model.mgm.");
        if (settings.Onnx is null)
        {
            throw new UserException("Nothing to export: pass --onnx out.onnx.");
        }

        OnnxExport.ExportOnnx<Cifar10Cnn>(model, settings.Onnx, Cifar10Dataset.OfficialClassNames);
        AnsiConsole.MarkupLineInterpolated($"Wrote the ONNX model of {Cifar10Cnn.ModelName} to [blue]{Path.GetFullPath(settings.Onnx)}[/]");
        return 0;
    }
}
