using System.Globalization;

namespace ModelGen.Training;

/// <summary>
/// The loss became NaN or infinite and <see cref="TrainingOptions.OnNonFiniteLoss"/> says to stop. Thrown before the
/// epoch's checkpoint is written, so the checkpoint still holds the last complete epoch.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception; the message says where the loss broke and what to try.</summary>
    public TrainingDivergedException(int epoch, string where, double loss, double learningRate, IReadOnlyList<EpochMetrics> completedEpochs)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"Training diverged in epoch {epoch}: the {where} became {Describe(loss)} (learning rate {learningRate:G6}), so training stopped. Lower the learning rate, or check the data for NaN or infinite values."))
    {
        Epoch = epoch;
        Loss = loss;
        CompletedEpochs = completedEpochs;
    }

    /// <summary>The epoch in which the loss broke.</summary>
    public int Epoch { get; }

    /// <summary>The loss: NaN or infinite.</summary>
    public double Loss { get; }

    /// <summary>The epochs completed before it (restored ones included): what the last checkpoint holds.</summary>
    public IReadOnlyList<EpochMetrics> CompletedEpochs { get; }

    private static string Describe(double loss) => double.IsNaN(loss) ? "NaN" : loss > 0 ? "infinite" : "-infinite";
}
