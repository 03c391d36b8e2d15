namespace ModelGen.Generator.Tests;

/// <summary>
/// A conv2d or dense layer's own activation overwrites the layer's fresh output where autograd can differentiate it
/// from its result (relu, elu, leaky_relu with a positive slope), and allocates a new tensor otherwise.
/// </summary>
public sealed class InPlaceActivationTests
{
    [Fact]
    public void Relu_elu_and_positive_leaky_relu_run_in_place_the_others_do_not()
    {
        const string Spec = """
            model: Net
            input: [8]
            layers:
              - dense: {units: 8, activation: relu}
              - dense: {units: 8, activation: {leaky_relu: 0.2}}
              - dense: {units: 8, activation: {leaky_relu: 0}}
              - dense: {units: 8, activation: {elu: 0.5}}
              - dense: {units: 8, activation: tanh}
              - dense: {units: 8, activation: gelu}
              - relu
              - dense: {units: 2, activation: sigmoid}
            """;

        var outcome = GeneratorHarness.Run(("models/net.model.yaml", Spec));

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompilationProblems);
        var source = Assert.Single(outcome.Sources).SourceText.ToString();
        Assert.Contains("x = functional.relu(x, inplace: true);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.leaky_relu(x, 0.2, inplace: true);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.leaky_relu(x, 0.0);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.elu(x, 0.5, inplace: true);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.tanh(x);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.gelu(x);", source, StringComparison.Ordinal);
        Assert.Contains("x = functional.sigmoid(x);", source, StringComparison.Ordinal);
        Assert.Contains("overwrites the layer's output (inplace)", source, StringComparison.Ordinal);
        // The standalone relu layer is a module applied to what another layer returned: it stays out of place.
        Assert.Contains("x = relu1.call(x);", source, StringComparison.Ordinal);
    }
}
