using System.ComponentModel;
using System.Globalization;
using ModelGen.Onnx;
using ModelGen.Reporting;
using ModelGen.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Classifies images of the CIFAR-10 test set with a saved model, .mgm or .onnx (<see cref="ModelRun.Predict"/>).</summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("model.mgm (run in TorchSharp) or model.onnx (run in ONNX Runtime). Default: the newest runs/*/model.mgm.")]
        public string? Model { get; init; }

        [CommandOption("--test-index <N>")]
        [Description("The position of an image in the test set (0-9999); repeat the option for several.")]
        public int[] TestIndices { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Predict(settings, token));

    private static int Predict(Settings settings, CancellationToken cancellationToken)
    {
        var modelPath = settings.Model ?? RunFolder.FindNewestModel()
            ?? throw new UserException("No model to predict with: pass --model path/to/model.mgm (or model.onnx), or run 'train' first.");
        if (settings.TestIndices.Length == 0)
        {
            throw new UserException("Which images? Pass --test-index N (0-9999), once per image.");
        }

        TorchSetup.ConfigureThreads(settings.Threads);
        var request = new PredictRunRequest
        {
            ModelPath = modelPath,
            LoadData = (progress, token) => RunData.LoadCifar10(settings.Data, limit: 1, progress, token),
            TestIndices = settings.TestIndices,
            Formats = [OnnxFormat.Instance],
            Device = TorchSetup.SelectDevice(settings.Device),
        };
        var outcome = ModelRun.Predict<Cifar10Cnn>(request, new ConsoleRunReporter(AnsiConsole.Console), cancellationToken);
        foreach (var prediction in outcome.Predictions)
        {
            var predicted = ClassName(outcome, prediction.PredictedLabel);
            var actual = ClassName(outcome, prediction.TrueLabel);
            // Plain text: one line per image, for people and scripts alike.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test image {prediction.Index}: {predicted} ({prediction.Score:0.0000}), true class {actual}{(predicted == actual ? string.Empty : " (wrong)")}"));
        }

        return 0;
    }

    private static string ClassName(PredictOutcome outcome, int label) =>
        outcome.ClassNames is { } names ? names[label] : label.ToString(CultureInfo.InvariantCulture);
}
