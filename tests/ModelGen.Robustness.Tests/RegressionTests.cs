using Xunit.Abstractions;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// Regression cases: inputs that once made the generator emit code that did not compile (line breaks in the
/// description, names the generated code uses, over-long names, max pooling with uneven "same" padding). Each must
/// now generate code that compiles or be rejected with an MG diagnostic.
/// </summary>
public sealed class RegressionTests
{
    private const string Layers = "input: [4]\nlayers: [{dense: {units: 2, weight_init: glorot_uniform}}, {gelu: tanh}, relu, softmax]\ntraining: {optimizer: sgd, schedule: {step: 2}, epochs: 5}\n";

    private readonly ITestOutputHelper _output;

    public RegressionTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string, string, string?> Cases() => new()
    {
        // K1 (Emit: class documentation): a line break in the description ends the '///' comment and the rest of the
        // description becomes code. YAML makes line breaks easy: "\n" escapes and literal block scalars.
        { "K1 description with \\n", "model: M\ndescription: \"one\\ntwo\"\n" + Layers, null },
        { "K1 description as a literal block", "model: M\ndescription: |\n  one\n  two\n" + Layers, null },
        { "K1 description with U+2028", "model: M\ndescription: \"one\\u2028two\"\n" + Layers, null },

        // K2 (model-name check in Shapes/ShapeInference.cs or Spec/SpecParser.cs): valid identifiers that the generated
        // code cannot use as the class name: contextual keywords, and the names of its own members (CS0542).
        { "K2 model: var", "model: var\n" + Layers, null },
        { "K2 model: scoped", "model: scoped\n" + Layers, null },
        { "K2 model: file", "model: file\n" + Layers, null },
        { "K2 model: record (warning CS8860)", "model: record\n" + Layers, null },
        { "K2 model: Summary (CS0542)", "model: Summary\n" + Layers, null },
        { "K2 model: forward (CS0542)", "model: forward\n" + Layers, null },
        { "K2 model: ArchitectureHash (CS0542)", "model: ArchitectureHash\n" + Layers, null },

        // K3 (Emit: fully qualified names, or namespace checks): a namespace segment that hides a name the generated
        // code refers to unqualified; RootNamespace too (it is only made syntactically valid by ModelCompiler).
        { "K3 namespace: A.Tensor", "model: M\nnamespace: A.Tensor\n" + Layers, null },
        { "K3 namespace: A.nn", "model: M\nnamespace: A.nn\n" + Layers, null },
        { "K3 namespace: A.functional", "model: M\nnamespace: A.functional\n" + Layers, null },
        { "K3 namespace: A.ImmutableArray", "model: M\nnamespace: A.ImmutableArray\n" + Layers, null },
        { "K3 namespace: nameof", "model: M\nnamespace: nameof\n" + Layers, null },
        { "K3 namespace: A.Module", "model: M\nnamespace: A.Module\n" + Layers, null },
        { "K3 RootNamespace A.nn", "model: M\n" + Layers, "A.nn" },
        { "K3 RootNamespace System, model Net (warning CS0437)", "model: Net\n" + Layers, "System" },

        // K4 (Shapes/ShapeInference.cs ReservedNames): members of the generated class, or inherited from object, that a
        // layer field would clash with or hide.
        { "K4 layer named ArchitectureHash (CS0102, a member the generated class now has)", "model: M\ninput: [4]\nlayers: [{dense: {units: 2, name: ArchitectureHash}}]\n", null },
        { "K4 layer named ReferenceEquals (warning CS0108)", "model: M\ninput: [4]\nlayers: [{dense: {units: 2, name: ReferenceEquals}}]\n", null },

        // K5 (Spec/SpecParser.cs identifier checks): names too long for metadata (CS7013 when the assembly is emitted).
        { "K5 model name of 1,100 characters", "model: M" + new string('m', 1099) + "\n" + Layers, null },
        { "K5 namespace of 1,100 characters", "model: M\nnamespace: N" + new string('n', 1099) + "\n" + Layers, null },
        { "K5 layer name of 1,100 characters", "model: M\ninput: [4]\nlayers: [{dense: {units: 2, name: L" + new string('l', 1099) + "}}]\n", null },

        // K6 (Shapes/ShapeInference.cs sets ExcludePadding for max pools; Emit writes count_include_pad, which only
        // AvgPool2d has): uneven 'same' padding on max_pool2d (CS1739).
        { "K6 max_pool2d padding: same on an odd size", "model: M\ninput: [1, 5, 5]\nlayers: [{max_pool2d: {size: 2, padding: same}}, flatten, {dense: 2}]\n", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles(string issue, string spec, string? rootNamespace) =>
        FuzzCheck.AssertAll(issue, new[] { new FuzzCase(issue, spec) { RootNamespace = rootNamespace ?? "Test.Models" } }, _output);
}
