using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// One spec per suspicious-but-valid setting for every warning (MG1001..MG1004): each must be reported once, as a
/// warning, at the node that causes it, and the model must still be generated and compile.
/// </summary>
public sealed class WarningDiagnosticTests
{
    public static readonly DiagnosticCase[] Cases =
    [
        // MG1001: pooling or stride drops rows or columns.
        new("MG1001 max_pool2d 2 on a 7x7 map", DiagnosticIds.DropsRowsOrColumns, 4, 5, ["7x7", "the last 1 row and the last 1 column", "output 3x3", "padding: same"],
            """
            model: Net
            input: [1, 7, 7]
            layers:
              - max_pool2d: 2
              - flatten
              - dense: 10
            """),
        new("MG1001 stride 2 convolution on 8x8", DiagnosticIds.DropsRowsOrColumns, 4, 5, ["stride 2", "8x8", "output 3x3"],
            """
            model: Net
            input: [1, 8, 8]
            layers:
              - conv2d: {filters: 4, kernel: 3, stride: 2}
              - flatten
              - dense: 10
            """),
        new("MG1001 only the width drops a column", DiagnosticIds.DropsRowsOrColumns, 4, 5, ["8x9", "the last 1 column"],
            """
            model: Net
            input: [1, 8, 9]
            layers:
              - avg_pool2d: 2
              - flatten
              - dense: 10
            """),

        // MG1002: softmax before a loss that applies log-softmax.
        new("MG1002 softmax layer last with cross_entropy", DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, 5, 5, ["softmax", "cross_entropy", "ForwardLogits", "not applied twice"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
              - softmax
            training:
              loss: cross_entropy
            """),
        new("MG1002 softmax activation on the last dense", DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, 4, 5, ["softmax", "loss: categorical_cross_entropy"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, activation: softmax}
            training:
              loss: cross_entropy
            """),

        // MG1003: setting has no effect.
        new("MG1003 bias_init with bias false", DiagnosticIds.UnusedSetting, 4, 48, ["bias_init", "bias: false"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, bias: false, bias_init: zeros}
            """),
        new("MG1003 dropout 0", DiagnosticIds.UnusedSetting, 4, 14, ["rate 0", "remove the layer"],
            """
            model: Net
            input: [784]
            layers:
              - dropout: 0
              - dense: 10
            """),
        new("MG1003 defaults not used", DiagnosticIds.UnusedSetting, 4, 14, ["defaults.bias_init", "remove it"],
            """
            model: Net
            input: [784]
            defaults:
              bias_init: zeros
            layers:
              - dense: {units: 10, bias: false}
            """),
        new("MG1003 schedule with epochs 1", DiagnosticIds.UnusedSetting, 6, 14, ["exponential", "epochs is 1"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              schedule: {exponential: 0.9}
            """),
        new("MG1003 step_size not below epochs", DiagnosticIds.UnusedSetting, 6, 20, ["step_size 10", "epochs 5"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              schedule: {step: 10}
              epochs: 5
            """),
        new("MG1003 flatten on a flat tensor", DiagnosticIds.UnusedSetting, 4, 5, ["flatten", "[784]", "remove it"],
            """
            model: Net
            input: [784]
            layers:
              - flatten
              - dense: 10
            """),

        // MG1004: loss expects probabilities but the model does not end with the matching activation.
        new("MG1004 categorical_cross_entropy without softmax", DiagnosticIds.LossExpectsProbabilities, 6, 9, ["categorical_cross_entropy", "ends with dense", "loss: cross_entropy"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              loss: categorical_cross_entropy
            """),
        new("MG1004 nll without log_softmax", DiagnosticIds.LossExpectsProbabilities, 6, 9, ["nll", "log_softmax"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              loss: nll
            """),
        new("MG1004 binary_cross_entropy without sigmoid", DiagnosticIds.LossExpectsProbabilities, 6, 9, ["binary_cross_entropy", "sigmoid"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 1
            training:
              loss: binary_cross_entropy
            """),

        // MG1005: model too large for memory.
        new("MG1005 dense layer after flattening a huge input", DiagnosticIds.ModelTooLarge, 5, 5, ["3,000,000,000,001,000,000 parameters", "dense 'dense1'", "pool or stride before flattening"],
            """
            model: Net
            input: [3, 1000000, 1000000]
            layers:
              - flatten
              - dense: 1000000
            """),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Warns_once_at_the_node_and_still_generates(string name)
    {
        var spec = Cases.Single(c => c.Name == name);
        var outcome = SpecRun.Run(spec.Yaml);

        var diagnostic = SpecRun.AssertSingle(outcome, spec.Id, spec.Line, spec.Column);
        SpecRun.AssertMentions(diagnostic, spec.Mentions);
        SpecRun.AssertGeneration(outcome);
        Assert.Single(outcome.Sources);
    }

    [Fact]
    public void Case_names_are_unique() =>
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
}
