using System.ComponentModel;
using System.Globalization;
using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Formats;
using ModelGen.Onnx;
using ModelGen.Reporting;
using ModelGen.Runs;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// Classifies images of the CIFAR-10 test set (<see cref="ModelRun.Predict"/>) or image files with a saved model, .mgm
/// or .onnx.
/// </summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("model.mgm (run in TorchSharp) or model.onnx (run in ONNX Runtime). Default: the newest runs/*/model.mgm.")]
        public string? Model { get; init; }

        [CommandOption("--test-index <N>")]
        [OptionRange(0, 9_999)]
        [Description("The position of an image in the test set (0-9999); repeat the option for several.")]
        public int[] TestIndices { get; init; } = [];

        [CommandOption("--image <PATH>")]
        [Description("An image file (PNG, JPEG, ...; stretched to 32x32 when it has another size); repeat the option for several.")]
        public string[] Images { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Predict(settings, token));

    private static int Predict(Settings settings, CancellationToken cancellationToken)
    {
        var modelPath = settings.Model ?? RunFolder.FindNewestModel()
            ?? throw new UserException("No model to predict with: pass --model path/to/model.mgm (or model.onnx), or run 'train' first.");
        var hasIndices = settings.TestIndices.Length > 0;
        if (hasIndices == settings.Images.Length > 0)
        {
            throw new UserException("Which images? Pass --test-index N (0-9999) or --image file.png, once per image, but not both kinds.");
        }

        TorchSetup.ConfigureThreads(settings.Threads);
        if (settings.Images.Length > 0)
        {
            return PredictFiles(modelPath, settings);
        }

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

    /// <summary>Image files need no data set: the model classifies their pixels directly.</summary>
    private static int PredictFiles(string modelPath, Settings settings)
    {
        var pixels = settings.Images.SelectMany(path => ImageFile.ReadPixels(path, Cifar10Cnn.InputShape)).ToArray();
        using var model = ModelFormats.Open<Cifar10Cnn>(modelPath, [OnnxFormat.Instance], TorchSetup.SelectDevice(settings.Device));
        new ConsoleRunReporter(AnsiConsole.Console).ModelLoaded(modelPath, model.Header);
        using var images = tensor(pixels, [settings.Images.Length, .. Cifar10Cnn.InputShape]);
        var predictions = Evaluator.Predict<Cifar10Cnn>(model, images);
        for (var i = 0; i < predictions.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Images[i]}: {Cifar10Dataset.OfficialClassNames[predictions[i].Class]} ({predictions[i].Probability:0.0000})"));
        }

        return 0;
    }

    private static string ClassName(PredictOutcome outcome, int label) =>
        outcome.ClassNames is { } names ? names[label] : label.ToString(CultureInfo.InvariantCulture);
}
