using Microsoft.CodeAnalysis;
using ModelGen.Compiler;

namespace ModelGen.Generator.Tests;

/// <summary>
/// The generator honours its cancellation token (an IDE cancels a run on every keystroke): the compiler stops and
/// the cancellation reaches the caller, rather than being reported as an internal error.
/// </summary>
public sealed class CancellationTests
{
    private static readonly string Cifar10 = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "cifar10-cnn.model.yaml"));

    [Fact]
    public void The_compiler_stops_when_cancelled_instead_of_reporting_an_internal_error()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ModelCompiler.Compile("models/cifar10-cnn.model.yaml", Cifar10, string.Empty, cancellation.Token));
    }

    [Fact]
    public void A_cancelled_generator_run_ends_with_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var driver = GeneratorHarness.NewDriver([new InMemoryAdditionalText("models/cifar10-cnn.model.yaml", Cifar10)]);

        Assert.ThrowsAny<OperationCanceledException>(() => driver.RunGenerators(GeneratorHarness.NewCompilation(), cancellation.Token));
    }

    [Fact]
    public void An_uncancelled_token_changes_nothing()
    {
        using var cancellation = new CancellationTokenSource();

        var compilation = ModelCompiler.Compile("models/cifar10-cnn.model.yaml", Cifar10, string.Empty, cancellation.Token);

        Assert.NotNull(compilation.Model);
        Assert.Empty(compilation.Diagnostics);
    }
}
