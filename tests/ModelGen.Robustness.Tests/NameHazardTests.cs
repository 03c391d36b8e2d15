using Xunit.Abstractions;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// Names that are valid C# identifiers but mean something to the generated code or to C#: contextual keywords,
/// TorchSharp and ModelGen type names, members of the generated class, very long names. Each is used as the model
/// name, as a namespace segment and as a layer name. Each must either
/// generate code that compiles or be rejected with an MG diagnostic.
/// </summary>
public sealed class NameHazardTests
{
    /// <summary>A spec whose generated code uses every kind of emitted construct (init, functional, pools, settings types).</summary>
    private const string Body =
        "input: [3, 5, 5]\nclasses: 2\ndefaults: {weight_init: glorot_uniform}\n" +
        "layers: [{conv2d: {filters: 2, kernel: 3, name: LAYER, activation: {gelu: tanh}}}, {max_pool2d: 2}, {avg_pool2d: 1}, batch_norm, global_avg_pool2d, " +
        "{dropout: 0.5}, {dense: {units: 2, bias_init: ones}}, {leaky_relu: 0.1}, elu, tanh, sigmoid, relu, log_softmax, softmax]\n" +
        "training: {optimizer: sgd, schedule: {step: 2}, epochs: 5}\n";

    public static readonly string[] Names =
    {
        "var", "dynamic", "record", "nameof", "async", "await", "value", "field", "file", "required", "scoped", "global", "_", "__", "partial", "where",
        "yield", "init", "with", "args", "select",
        "Tensor", "Module", "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm1d", "BatchNorm2d", "Dropout", "Flatten", "ReLU",
        "LeakyReLU", "ELU", "GELU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "torch", "nn", "functional", "TorchSharp", "ModelGen", "System",
        "ShapeGuard", "ImmutableArray", "LayerSummary", "TrainingSettings", "IGeneratedModel", "LossFunction", "Approximate", "NewDisposeScope",
        "DisposeScope", "SgdSettings", "StepSchedule", "ModelInputShapeException", "ModelName", "InputShape", "OutputShape", "ParameterCount", "MultiplyAdds", "Layers",
        "Summary", "Training", "OutputKind", "ModelOutputKind", "forward", "ForwardLogits", "ArchitectureHash", "call", "dense1", "input", "x", "logits", "scope", "Equals", "ReferenceEquals",
        "Dispose", "weight", "bias", "Object", "String", "Math", "GeneratedCode", "CodeDom", "Collections", "Immutable", "Modules", "\u00c9t\u00e9",
        "N" + new string('n', 599),
    };

    private readonly ITestOutputHelper _output;

    public NameHazardTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Names_that_mean_something_to_CSharp_or_to_the_generated_code()
    {
        var inputs = new List<FuzzCase>();
        foreach (var name in Names)
        {
            inputs.Add(new FuzzCase($"model: {name}", "model: " + name + "\n" + Body.Replace("LAYER", "c", StringComparison.Ordinal)));
            inputs.Add(new FuzzCase($"namespace: A.{name}", $"model: Net\nnamespace: A.{name}\n" + Body.Replace("LAYER", "c", StringComparison.Ordinal)));
            inputs.Add(new FuzzCase($"a layer named {name}", "model: Net\n" + Body.Replace("LAYER", name, StringComparison.Ordinal)));
        }

        FuzzCheck.AssertAll("name hazards", inputs, _output, minimumInputs: 200);
    }
}
