using ModelGen.Data;
using ModelGen.Evaluation;
using ModelGen.Examples.Tabular;
using ModelGen.Reporting;
using ModelGen.Runs;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples.Tabular;

/// <summary>The sample's two tables, each with its model (compiled from its spec) and its target column.</summary>
internal static class Tables
{
    /// <summary>The table names the commands take.</summary>
    public const string Names = "houses or penguins";

    /// <summary>Where the tables are: data/ beside the program (copied there by the build).</summary>
    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Trains the named table's model with <paramref name="options"/> and reports.</summary>
    public static void Train(string table, TrainingOptions options, string? outputFolder, CancellationToken cancellationToken)
    {
        var reporter = new ConsoleRunReporter(AnsiConsole.Console);
        switch (table)
        {
            case "houses":
                ModelRun.Train<HousePrices>(Request<HousePrices>("ames-houses", "price_100k_usd", options, outputFolder), reporter, cancellationToken);
                break;
            case "penguins":
                ModelRun.Train<PenguinSpecies>(Request<PenguinSpecies>("penguins", "species", options, outputFolder), reporter, cancellationToken);
                break;
            default:
                throw Unknown(table);
        }
    }

    /// <summary>The predictions of the named table's model for the rows of <paramref name="csv"/>.</summary>
    public static IReadOnlyList<ModelPrediction> Predict(string table, string modelPath, string csv, int top) => table switch
    {
        "houses" => Predict<HousePrices>(modelPath, csv, top),
        "penguins" => Predict<PenguinSpecies>(modelPath, csv, top),
        _ => throw Unknown(table),
    };

    private static TrainRunRequest Request<TModel>(string name, string target, TrainingOptions options, string? outputFolder)
        where TModel : IGeneratedModel => new()
        {
            LoadData = (_, _) => RunData.LoadTables<TModel>(
                Path.Combine(DataFolder, $"{name}-train.csv"), Path.Combine(DataFolder, $"{name}-test.csv"), target),
            OutputFolder = outputFolder,
            Training = options,
        };

    private static IReadOnlyList<ModelPrediction> Predict<TModel>(string modelPath, string csv, int top)
        where TModel : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>, IGeneratedModel, new()
    {
        using var predictor = Predictor<TModel>.Open(modelPath);
        return predictor.PredictTable(csv, top);
    }

    private static UserException Unknown(string table) => new($"There is no table '{table}': choose {Names}.");
}
