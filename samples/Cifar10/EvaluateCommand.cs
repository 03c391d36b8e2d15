using System.ComponentModel;
using System.Globalization;
using ModelGen.Evaluation;
using ModelGen.Persistence;
using ModelGen.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace ModelGen.Samples.Cifar10;

/// <summary>Loads a saved model and evaluates it on the CIFAR-10 test set, without training.</summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--model <PATH>")]
        [Description("The model file written by 'train' (model.mgm or checkpoint.mgm). Default: the newest runs/*/model.mgm.")]
        public string? Model { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Evaluate(settings, token));

    private static int Evaluate(Settings settings, CancellationToken cancellationToken)
    {
        var modelPath = settings.Model ?? NewestModel()
            ?? throw new UserException("No model to evaluate: pass --model path/to/model.mgm, or run 'train' first (it writes runs/<timestamp>/model.mgm).");
        if (!File.Exists(modelPath))
        {
            throw new UserException($"The model file {modelPath} does not exist.");
        }

        TorchSetup.ConfigureThreads(settings.Threads);
        var device = TorchSetup.SelectDevice(settings.Device);
        using var model = new Cifar10Cnn();
        var header = ModelFile.Load(model, modelPath);
        model.to(device);
        AnsiConsole.MarkupLineInterpolated($"Loaded {header.ModelName} from {modelPath} (trained {header.Epoch} epochs).");

        using var data = DataLoading.Load(settings.Data, limit: null, cancellationToken);
        var test = DataLoading.Batches(data.Test, DataLoading.EvaluationBatchSize, shuffle: false, settings.Seed, device);
        var result = Evaluator.Evaluate(model, test, Cifar10Cnn.Training.Loss, data.ClassNames, samplePredictions: 25, settings.Seed, device);
        // Ends with the line scripts look for: "Test accuracy: 0.xxxx".
        ConsoleReport.WriteEvaluation(AnsiConsole.Console, result);

        var output = RunFolder.Resolve(settings.Out ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "evaluation"));
        var files = RunReport.Write(output, new RunReportContent
        {
            ModelName = Cifar10Cnn.ModelName,
            Test = result,
            ModelSummary = Cifar10Cnn.Summary,
            TrainingSettings = Cifar10Cnn.Training.ToString(),
            TestPredictions = Pictures.Predictions(data, result),
            CreatedAt = DateTimeOffset.Now,
        });
        AnsiConsole.MarkupLineInterpolated($"Report: [blue]{files.ReportHtml}[/]");
        return 0;
    }

    private static string? NewestModel() =>
        Directory.Exists("runs")
            ? Directory.GetFiles("runs", TrainCommand.ModelFileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
}
