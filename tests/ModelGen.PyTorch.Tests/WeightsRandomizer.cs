namespace ModelGen.PyTorch.Tests;

/// <summary>Random weights for parity tests: a zero initialiser in a spec would hide the layers before it.</summary>
internal static class WeightsRandomizer
{
    /// <summary>
    /// Every parameter random, scaled by its fan-in so activations stay near 1 (as PyTorch's defaults do); batch-norm
    /// scales (the only 1-D weights) around 1, as trained ones are, so that six of them in a row (cifar10-fast) do not
    /// shrink the signal to nothing.
    /// </summary>
    public static void Randomize(nn.Module model)
    {
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                var fanIn = parameter.dim() > 1 ? parameter.numel() / parameter.shape[0] : 10;
                var values = randn_like(parameter) / Math.Sqrt(fanIn);
                parameter.copy_(parameter.dim() == 1 && name.EndsWith(".weight", StringComparison.Ordinal) ? values + 1 : values);
            }
        }
    }
}
