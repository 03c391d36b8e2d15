using System.ComponentModel;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Onnx;
using ModelGen.Reporting;
using ModelGen.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Loads a saved model and evaluates it on the CIFAR-10 test set, without training (<see cref="ModelRun.Evaluate"/>).</summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("The model file written by 'train' (model.mgm, checkpoint.mgm, or model.onnx, run in ONNX Runtime), or a PyTorch state_dict (.pt, e.g. the generated training script's model.pt). Default: the newest runs/*/model.mgm.")]
        public string? Model { get; init; }

        [CommandOption("--spec <NAME>")]
        [Description(CompiledSpecs.ModelSpecDescription)]
        public string? Spec { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Evaluate(settings, token));

    private static int Evaluate(Settings settings, CancellationToken cancellationToken)
    {
        var modelPath = settings.Model ?? RunFolder.FindNewestModel()
            ?? throw new UserException("No model to evaluate: pass --model path/to/model.mgm, or run 'train' first (it writes runs/<timestamp>/model.mgm).");
        TorchSetup.ConfigureThreads(settings.Threads);
        return CompiledSpecs.Run(CompiledSpecs.OfModelFile(modelPath, settings.Spec), new EvaluateSpec(settings, modelPath, cancellationToken));
    }

    private sealed class EvaluateSpec(Settings settings, string modelPath, CancellationToken cancellationToken) : ISpecAction<int>
    {
        public int Run<TModel>()
            where TModel : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, IGeneratedModel, new()
        {
            var request = new EvaluateRunRequest
            {
                ModelPath = modelPath,
                LoadData = (progress, token) => RunData.LoadImages<TModel>(
                    settings.Data, limit: null, new ImageFolderOptions { SkipUnreadableFiles = settings.SkipUnreadable }, progress, token),
                OutputFolder = settings.Out,
                Evaluation = new EvaluationOptions { Device = TorchSetup.SelectDevice(settings.Device), Seed = settings.SeedOrDefault },
                Formats = [OnnxFormat.Instance],
            };
            ModelRun.Evaluate<TModel>(request, new ConsoleRunReporter(AnsiConsole.Console), cancellationToken);
            return 0;
        }
    }
}
