using System.ComponentModel;
using ModelGen.Data;
using ModelGen.Onnx;
using ModelGen.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// Writes a saved model in another format: ONNX for deployment (<see cref="OnnxExport"/>), or its weights as a PyTorch
/// state_dict (<see cref="PyTorchWeights.Export{TModel}"/>).
/// </summary>
internal sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("The model to export: model.mgm or checkpoint.mgm written by 'train' (or, for --pytorch-weights, a PyTorch .pt file).")]
        public string? Model { get; init; }

        [CommandOption("--onnx <PATH>")]
        [Description("Write an ONNX model (opset 17; raw uint8 pixels in, class probabilities out) to PATH. The folder must exist.")]
        public string? Onnx { get; init; }

        [CommandOption("--pytorch-weights <PATH>")]
        [Description("Write the weights as a PyTorch state_dict file (torch.load reads it; the module 'modelgen export pytorch' writes loads it).")]
        public string? PyTorchWeights { get; init; }

        [CommandOption("--spec <NAME>")]
        [Description(CompiledSpecs.ModelSpecDescription)]
        public string? Spec { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(_ => Export(settings));

    private static int Export(Settings settings)
    {
        var model = settings.Model ?? throw new UserException("Pass the model to export: --model runs/<timestamp>/model.mgm.");
        if (settings.Onnx is null && settings.PyTorchWeights is null)
        {
            throw new UserException("Nothing to export: pass --onnx out.onnx, --pytorch-weights out.pt, or both.");
        }

        return CompiledSpecs.Run(CompiledSpecs.OfModelFile(model, settings.Spec), new ExportSpec(settings, model));
    }

    private sealed class ExportSpec(Settings settings, string model) : ISpecAction<int>
    {
        public int Run<TModel>()
            where TModel : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, IGeneratedModel, new()
        {
            if (settings.Onnx is { } onnx)
            {
                OnnxExport.ExportOnnx<TModel>(model, onnx, Cifar10Dataset.OfficialClassNames);
                AnsiConsole.MarkupLineInterpolated($"Wrote the ONNX model of {TModel.ModelName} to [blue]{Path.GetFullPath(onnx)}[/]");
            }

            if (settings.PyTorchWeights is { } weights)
            {
                Persistence.PyTorchWeights.Export<TModel>(model, weights);
                AnsiConsole.MarkupLineInterpolated($"Wrote the weights of {model} as a PyTorch state_dict to [blue]{Path.GetFullPath(weights)}[/]");
            }

            return 0;
        }
    }
}
