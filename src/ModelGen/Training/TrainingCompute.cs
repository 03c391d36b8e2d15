using System.Globalization;

namespace ModelGen.Training;

/// <summary>
/// Training compute as the trainer reports it: 6 floating-point operations per multiply-add of the forward pass per
/// training example, the usual convention (a multiply-add is 2 operations; the backward pass costs about twice the
/// forward). Evaluation is not counted. The multiply-adds are the compiler's (torchinfo's "Total mult-adds").
/// </summary>
public static class TrainingCompute
{
    /// <summary>Floating-point operations per forward multiply-add and training example: 2 forward + 4 backward.</summary>
    public const int FlopPerMultiplyAdd = 6;

    /// <summary>One petaFLOP, 10^15 operations.</summary>
    public const double Peta = 1e15;

    /// <summary>The compute of training on <paramref name="examples"/> examples of a model with <paramref name="multiplyAdds"/> per example.</summary>
    public static double Flop(long multiplyAdds, long examples) => (double)FlopPerMultiplyAdd * multiplyAdds * examples;

    /// <summary>
    /// <paramref name="flop"/> for people: in PFLOP with four decimals from 0.001 PFLOP up (<c>0.0401 PFLOP</c>, the unit
    /// runs are compared in), in GFLOP, MFLOP or kFLOP below that (a small table's run: <c>1.9 GFLOP</c>).
    /// </summary>
    public static string Format(double flop)
    {
        if (flop >= Peta / 1000 || flop == 0)
        {
            return (flop / Peta).ToString("0.0000 'PFLOP'", CultureInfo.InvariantCulture);
        }

        var (unit, size) = flop >= 1e9 ? ("GFLOP", 1e9) : flop >= 1e6 ? ("MFLOP", 1e6) : flop >= 1e3 ? ("kFLOP", 1e3) : ("FLOP", 1.0);
        return string.Create(CultureInfo.InvariantCulture, $"{flop / size:0.0} {unit}");
    }

    /// <summary>How the figures are counted, for a report: the factor and what it stands for.</summary>
    public static string Convention => $"{FlopPerMultiplyAdd} FLOP per multiply-add and training example: forward and backward";
}
