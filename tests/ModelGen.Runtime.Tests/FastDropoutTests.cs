using ModelGen.Modules;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>The dropout generated classes use: the same distribution and scaling as PyTorch's, from a cheaper draw.</summary>
public sealed class FastDropoutTests
{
    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Training_keeps_each_input_with_probability_one_minus_rate_scaled_by_its_inverse(double rate)
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(rate);
        dropout.train();
        manual_seed(3);
        var input = rand(1000, 1000).add_(0.5);

        var output = dropout.forward(input);

        var kept = output.ne(0);
        var keptFraction = kept.to(float64).mean().item<double>();
        // Binomial(1e6, 1 - rate): five standard deviations are at most 0.0025.
        var deviation = 5 * Math.Sqrt(rate * (1 - rate) / 1e6);
        Assert.InRange(keptFraction, 1 - rate - deviation, 1 - rate + deviation);
        var expected = input.masked_select(kept).to(float64) / (1 - rate);
        var difference = (output.masked_select(kept).to(float64) - expected).abs().max().item<double>();
        Assert.True(difference < 1e-5, $"kept values differ from input / (1 - rate) by {difference}");
    }

    [Fact]
    public void The_gradient_is_the_mask_the_forward_pass_applied()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.25);
        dropout.train();
        var input = ones(64, 32, 16, 16).requires_grad_(true);

        var output = dropout.forward(input);
        output.sum().backward();

        Assert.True(input.grad!.eq(output.detach()).all().item<bool>());
        Assert.True(input.grad!.eq(0).logical_or(input.grad!.eq(1 / 0.75f)).all().item<bool>());
    }

    [Fact]
    public void Evaluation_and_a_zero_rate_pass_the_input_unchanged()
    {
        using var scope = NewDisposeScope();
        var input = randn(8, 16);
        using var evaluating = new FastDropout(0.5);
        evaluating.eval();
        using var zero = new FastDropout(0);
        zero.train();

        Assert.True(evaluating.forward(input).eq(input).all().item<bool>());
        Assert.True(zero.forward(input).eq(input).all().item<bool>());
    }

    [Fact]
    public void The_mask_follows_the_seed()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.5);
        dropout.train();
        var input = ones(4096);

        manual_seed(7);
        var first = dropout.forward(input);
        manual_seed(7);
        var again = dropout.forward(input);
        manual_seed(8);
        var other = dropout.forward(input);

        Assert.True(first.eq(again).all().item<bool>());
        Assert.False(first.eq(other).all().item<bool>());
    }

    [Fact]
    public void A_channels_last_input_gives_a_channels_last_output()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.25);
        dropout.train();

        var output = dropout.forward(ChannelsLast.Of(rand(8, 16, 6, 6)));

        Assert.True(ChannelsLast.IsChannelsLast(output));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused(double rate)
    {
        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => new FastDropout(rate));
        Assert.Equal("rate", refusal.ParamName);
    }

    [Fact]
    public void Generated_classes_use_it_for_the_specs_dropout_layers()
    {
        using var model = new Cifar10Cnn();

        var dropouts = model.named_modules().Where(entry => entry.module is FastDropout).Select(entry => (entry.name, ((FastDropout)entry.module).Rate));

        Assert.Equal(new[] { ("dropout1", 0.25), ("dropout2", 0.25), ("dropout3", 0.5) }, dropouts);
    }
}
