namespace ModelGen.PyTorch.Tests;

/// <summary>Random weights for parity tests: a zero initialiser in a spec would hide the layers before it.</summary>
internal static class WeightsRandomizer
{
    /// <summary>Every parameter random, scaled by its fan-in so activations stay near 1 (as PyTorch's defaults do).</summary>
    public static void Randomize(nn.Module model)
    {
        using (no_grad())
        {
            foreach (var (_, parameter) in model.named_parameters())
            {
                var fanIn = parameter.dim() > 1 ? parameter.numel() / parameter.shape[0] : 10;
                parameter.copy_(randn_like(parameter) / Math.Sqrt(fanIn));
            }
        }
    }
}
