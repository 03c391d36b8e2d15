using System.ComponentModel;
using ModelGen.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Tabular;

/// <summary>Predicts the rows of a CSV table with a trained model (logic: <see cref="Evaluation.Predictor{TModel}"/>).</summary>
internal sealed class PredictCommand : Command<PredictCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TABLE>")]
        [Description("The model's table: houses or penguins.")]
        public string Table { get; init; } = string.Empty;

        [CommandArgument(1, "<CSV>")]
        [Description("A CSV file with the model's feature columns (by name, in any order; other columns are ignored).")]
        public string Csv { get; init; } = string.Empty;

        [CommandOption("--model <PATH>")]
        [Description("model.mgm or best.mgm written by 'train'.")]
        public string Model { get; init; } = string.Empty;

        [CommandOption("--top <K>")]
        [OptionRange(1, 1000)]
        [Description("Classes shown per row for penguins, most probable first. Default: 3.")]
        public int Top { get; init; } = 3;

        [CommandOption("--json")]
        [Description("Print the predictions as JSON instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(_ =>
        {
            if (string.IsNullOrEmpty(settings.Model))
            {
                throw new UserException("Which model? Pass --model runs/<timestamp>/model.mgm (written by 'train').");
            }

            if (settings.Top < 1)
            {
                throw new UserException($"--top must be at least 1, not {settings.Top}.");
            }

            var predictions = Tables.Predict(settings.Table, settings.Model, settings.Csv, settings.Top);
            if (settings.Json)
            {
                Console.WriteLine(PredictionReport.ToJson(predictions));
            }
            else
            {
                AnsiConsole.Write(PredictionReport.Table(predictions));
            }

            return 0;
        });
}
