using ModelGen.Compiler;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Model;

namespace ModelGen.Generator.Tests;

/// <summary>
/// A kind the compiler does not know is an internal error (MG0099 at the spec), never a silent default: here a layer
/// record no step handles reaches the C# backend.
/// </summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void A_layer_kind_no_backend_knows_is_reported_as_MG0099_and_generates_nothing()
    {
        const string Spec = "model: Net\ninput: [4]\nlayers:\n  - dense: 2\n";
        var compilation = ModelCompiler.Compile("models/net.model.yaml", Spec, "Test");
        var model = compilation.Model!;
        var stranger = model.Layers[0] with { Layer = new UnknownLayer("mystery") };
        var broken = compilation with { Model = model with { Layers = EquatableArray.Create(stranger) } };

        var result = ModelCompiler.Complete(broken, NameClashes.From([]));

        Assert.Null(result.Source);
        Assert.Null(result.Model);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.InternalError, diagnostic.Id);
        Assert.Contains("unexpected", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("UnknownLayer", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal((1, 8), (diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    private sealed record UnknownLayer(string Name) : Layer(Name);
}
