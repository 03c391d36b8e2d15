using ModelGen.Samples;
using ModelGen.Samples.Tabular;
using Spectre.Console;
using Spectre.Console.Cli;

// Options are checked against each command's declared ones first: unknown and out-of-range ones are errors.
var commands = new Dictionary<string, Type>(StringComparer.Ordinal)
{
    ["train"] = typeof(TrainCommand),
    ["predict"] = typeof(PredictCommand),
};
try
{
    OptionCheck.Check(args, commands, defaultCommand: null);
}
catch (UserException exception)
{
    AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] {exception.Message}");
    return 1;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Tabular");
    config.SetExceptionHandler((exception, _) => CommandRunner.Unhandled(exception));
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train a table's model with its spec's settings (validation split, early stopping, best checkpoint, reduce-on-plateau), evaluate it on the test table, and write the report.")
        .WithExample("train", "houses")
        .WithExample("train", "penguins", "--validation-split", "0.25");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Predict the rows of a CSV table with a trained model: a penguin's species with probabilities, a house's price.")
        .WithExample("predict", "penguins", "data/penguins-test.csv", "--model", "runs/penguins/model.mgm")
        .WithExample("predict", "houses", "data/ames-houses-test.csv", "--model", "runs/houses/best.mgm", "--json");
});

return app.Run(args);
