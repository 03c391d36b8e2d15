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
}
