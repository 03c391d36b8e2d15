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
/// Classifies picture files and folders (<see cref="Predictor{TModel}"/>: a table of each file's three most probable
/// classes, or JSON with --json), or images of the CIFAR-10 test set (<see cref="ModelRun.Predict"/>), with a saved
/// model, .mgm or .onnx.
/// </summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "[PICTURES]")]
        [Description("Picture files (PNG, JPEG, BMP, GIF, WebP; stretched to 32x32) and folders of pictures to classify.")]
        public string[] Pictures { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print the predictions as JSON instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--top <K>")]
        [Description("Classes shown per picture, most probable first. Default: 3.")]
        public int Top { get; init; } = 3;

        [CommandOption("--model <PATH>")]
        [Description("model.mgm (run in TorchSharp) or model.onnx (run in ONNX Runtime). Default: the newest runs/*/model.mgm.")]
        public string? Model { get; init; }

        [CommandOption("--spec <NAME>")]
        [Description(CompiledSpecs.ModelSpecDescription)]
        public string? Spec { get; init; }

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
        var pictures = settings.Pictures.Concat(settings.Images).ToList();
        var hasIndices = settings.TestIndices.Length > 0;
        if (hasIndices == pictures.Count > 0)
        {
            throw new UserException("Which images? Give picture files or folders (or --image file.png), or --test-index N (0-9999), but not both kinds.");
        }

        if (settings.Top < 1)
        {
            throw new UserException($"--top must be at least 1, not {settings.Top}.");
        }

        TorchSetup.ConfigureThreads(settings.Threads);
        return CompiledSpecs.Run(CompiledSpecs.OfModelFile(modelPath, settings.Spec), new PredictSpec(settings, modelPath, pictures, cancellationToken));
    }

    private sealed class PredictSpec(Settings settings, string modelPath, IReadOnlyList<string> pictures, CancellationToken cancellationToken)
        : ISpecAction<int>
    {
        public int Run<TModel>()
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new() =>
            pictures.Count > 0 ? PredictFiles<TModel>(modelPath, pictures, settings) : PredictTestImages<TModel>(modelPath, settings, cancellationToken);
    }

    private static int PredictTestImages<TModel>(string modelPath, Settings settings, CancellationToken cancellationToken)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        var request = new PredictRunRequest
        {
            ModelPath = modelPath,
            LoadData = (progress, token) => RunData.LoadCifar10(settings.Data, limit: 1, progress, token),
            TestIndices = settings.TestIndices,
            Formats = [OnnxFormat.Instance],
            Device = TorchSetup.SelectDevice(settings.Device),
        };
        var outcome = ModelRun.Predict<TModel>(request, new ConsoleRunReporter(AnsiConsole.Console), cancellationToken);
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

    /// <summary>Picture files need no data set: the model classifies their pixels directly.</summary>
    private static int PredictFiles<TModel>(string modelPath, IReadOnlyList<string> paths, Settings settings)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
    {
        var files = ImageFile.FindImages(paths);
        using var predictor = Predictor<TModel>.Open(
            modelPath, [OnnxFormat.Instance], TorchSetup.SelectDevice(settings.Device), classNames: Cifar10Dataset.OfficialClassNames);
        var predictions = predictor.PredictImages(files, settings.Top);
        if (settings.Json)
        {
            Console.WriteLine(PredictionReport.ToJson(predictions));
            return 0;
        }

        new ConsoleRunReporter(AnsiConsole.Console).ModelLoaded(modelPath, predictor.Header);
        AnsiConsole.Write(PredictionReport.Table(predictions));
        return 0;
    }

    private static string ClassName(PredictOutcome outcome, int label) =>
        outcome.ClassNames is { } names ? names[label] : label.ToString(CultureInfo.InvariantCulture);
}
