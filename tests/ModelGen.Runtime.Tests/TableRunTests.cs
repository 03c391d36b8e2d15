using ModelGen.Data;
using ModelGen.Examples.Tabular;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Runs on CSV tables: standardisation fitted on the training part, saved with the model, applied again later.</summary>
public class TableRunTests
{
    [Fact]
    public void A_table_run_standardises_on_the_training_part_and_saves_the_columns_and_scaling_in_the_model()
    {
        using var folder = new TemporaryFolder();
        var train = folder.File("train.csv");
        var rows = Enumerable.Range(0, 60).Select(i => $"{35 + (i % 20)},{14 + (i % 6)},{180 + (i % 40)},{3000 + (i * 40)},{(i % 3 == 0 ? "Adelie" : i % 3 == 1 ? "Chinstrap" : "Gentoo")}");
        File.WriteAllText(train, "bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,species\n" + string.Join('\n', rows) + "\n");

        var outcome = ModelRun.Train<PenguinSpecies>(
            new TrainRunRequest
            {
                LoadData = (_, _) => RunData.LoadTables<PenguinSpecies>(train, train, "species"),
                OutputFolder = folder.File("run"),
                Training = new TrainingOptions { Epochs = 2, Seed = 1 },
            },
            new RecordingReporter());

        var schema = DataSchema.FromModelFileExtra(Persistence.ModelFile.ReadHeader(outcome.ModelPath!).Extra)!;
        Assert.Equal(["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"], schema.FeatureNames);
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], schema.ClassNames);
        using var table = CsvTable.Load<PenguinSpecies>(train, "species");
        var (kept, _) = PreparedData.SplitIndices(60, PenguinSpecies.Training.ValidationSplit, seed: 1);
        using var index = tensor(kept);
        using var expected = table.Features.index_select(0, index).mean([0L]);
        Assert.Equal(expected.data<float>().ToArray().Select(v => (double)v), schema.Scaling!.Mean, new Tolerance(1e-3));
        Assert.Equal(2, outcome.Epochs.Count);
        Assert.All(outcome.Epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.True(File.Exists(Path.Combine(folder.File("run"), RunFolder.BestModelFileName)));

        // Evaluating the saved model later scales the table with the scaling its file carries: the same result.
        var evaluation = ModelRun.Evaluate<PenguinSpecies>(
            new EvaluateRunRequest
            {
                ModelPath = outcome.ModelPath!,
                LoadData = (_, _) => RunData.LoadTables<PenguinSpecies>(train, train, "species"),
                OutputFolder = folder.File("evaluation"),
            },
            new RecordingReporter());
        Assert.Equal(outcome.Test.Accuracy, evaluation.Test.Accuracy);
        Assert.Equal(outcome.Test.Loss, evaluation.Test.Loss, precision: 6);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
