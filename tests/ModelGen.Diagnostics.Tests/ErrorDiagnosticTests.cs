using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Diagnostics.Tests;

/// <summary>
/// One spec per mistake for every error (MG0001..MG0022): each must be reported once, as an error, at the YAML
/// node that causes it, with a message that names the offending value and the fix; and no code is generated.
/// </summary>
/// <remarks>
/// Longer than our files usually are on purpose: it is a table of cases (a spec, an ID, a position, the words the
/// message must hold), one per mistake, read top to bottom like the catalog; splitting it would scatter the table.
/// </remarks>
public sealed class ErrorDiagnosticTests
{
    public static readonly DiagnosticCase[] Cases =
    [
        // MG0001: YAML syntax error.
        new("MG0001 unclosed '[' is reported at the bracket", DiagnosticIds.YamlSyntax, 2, 8, ["'['", "add the missing ']'"],
            """
            model: Net
            input: [3, 32, 32
            layers:
              - flatten
              - dense: 10
            """),
        new("MG0001 unclosed '{' in a layer is reported at the brace", DiagnosticIds.YamlSyntax, 4, 12, ["'{'", "add the missing '}'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10
              - softmax
            """),
        new("MG0001 unclosed '[' at the end of the file", DiagnosticIds.YamlSyntax, 3, 9, ["'['", "']'"],
            """
            model: Net
            input: [784]
            layers: [flatten, {dense: 10}
            """),
        new("MG0001 nested mapping without braces", DiagnosticIds.YamlSyntax, 4, 17, ["found invalid mapping", "dense: {units: 10}"],
            """
            model: Net
            input: [784]
            layers:
              - dense: units: 10
            """),
        new("MG0001 tab indentation is reported at the tab", DiagnosticIds.YamlSyntax, 4, 1, ["tab", "spaces"],
            "model: Net\ninput: [784]\nlayers:\n\t- dense: 10\n"),
        new("MG0001 tab indentation of a nested line", DiagnosticIds.YamlSyntax, 5, 1, ["tab", "spaces"],
            "model: Net\ninput: [784]\nlayers:\n  - dense:\n\t\tunits: 10\n"),
        new("MG0001 alias without anchor", DiagnosticIds.YamlSyntax, 2, 8, ["'*shape'", "no anchor"],
            """
            model: Net
            input: *shape
            layers:
              - dense: 10
            """),
        new("MG0001 item indented less than its list", DiagnosticIds.YamlSyntax, 5, 2, ["did not find expected key"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 64
             - dense: 10
            """),
        new("MG0001 unclosed quote", DiagnosticIds.YamlSyntax, 1, 8, ["closing quote"],
            """
            model: "Net
            input: [784]
            layers:
              - dense: 10
            """),

        // MG0002: invalid structure.
        new("MG0002 settings not indented under the layer type", DiagnosticIds.InvalidStructure, 5, 5, ["'filters'", "beside 'conv2d'", "indent"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d:
                filters: 32
                kernel: 3
              - flatten
              - dense: 10
            """),
        new("MG0002 layer written Ludwig-style with type:", DiagnosticIds.InvalidStructure, 4, 5, ["'type: dense'", "'- dense: {settings}'"],
            """
            model: Net
            input: [784]
            layers:
              - type: dense
                units: 10
            """),
        new("MG0002 layer as a mapping of several unknown keys", DiagnosticIds.InvalidStructure, 4, 5, ["units, dense", "one-key mapping"],
            """
            model: Net
            input: [784]
            layers:
              - units: 10
                dense:
            """),
        new("MG0002 root is a list", DiagnosticIds.InvalidStructure, 1, 1, ["not a list", "model:, input:, layers:"],
            """
            - dense: 10
            """),
        new("MG0002 root is a scalar", DiagnosticIds.InvalidStructure, 1, 1, ["not 'hello'"],
            """
            hello
            """),
        new("MG0002 empty file", DiagnosticIds.InvalidStructure, 1, 1, ["empty", "'model:', 'input:' and 'layers:'"],
            ""),
        new("MG0002 file with only a comment", DiagnosticIds.InvalidStructure, 1, 1, ["empty"],
            """
            # TODO: write the model
            """),
        new("MG0002 two YAML documents", DiagnosticIds.InvalidStructure, 5, 1, ["one YAML document", "'---'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            ---
            model: Other
            """),
        new("MG0002 layers is not a list", DiagnosticIds.InvalidStructure, 3, 9, ["'layers:' must be a list", "not 'dense'"],
            """
            model: Net
            input: [784]
            layers: dense
            """),
        new("MG0002 layer written as a list", DiagnosticIds.InvalidStructure, 4, 5, ["not a list"],
            """
            model: Net
            input: [784]
            layers:
              - [dense, 10]
            """),
        new("MG0002 training is not a mapping", DiagnosticIds.InvalidStructure, 5, 11, ["'training:' must be a mapping", "not 'adam'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training: adam
            """),

        new("MG0002 early_stopping that is not a mapping", DiagnosticIds.InvalidStructure, 4, 28, ["'early_stopping:' must be a mapping", "monitor, patience, min_delta, restore_best"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {early_stopping: true}
            """),

        // MG0003: missing required value.
        new("MG0003 no model", DiagnosticIds.MissingValue, 1, 1, ["no 'model:'", "model: Cifar10Cnn"],
            """
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0003 no input", DiagnosticIds.MissingValue, 1, 1, ["no 'input:'", "input: [3, 32, 32]"],
            """
            model: Net
            layers:
              - dense: 10
            """),
        new("MG0003 no layers", DiagnosticIds.MissingValue, 1, 1, ["no 'layers:'"],
            """
            model: Net
            input: [784]
            """),
        new("MG0003 conv2d without kernel", DiagnosticIds.MissingValue, 4, 5, ["conv2d needs 'kernel'", "kernel: 3"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 32}
              - flatten
              - dense: 10
            """),
        new("MG0003 dense without units", DiagnosticIds.MissingValue, 4, 5, ["dense needs 'units'"],
            """
            model: Net
            input: [784]
            layers:
              - dense:
            """),
        new("MG0003 empty units value", DiagnosticIds.MissingValue, 4, 20, ["dense.units", "an empty value"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: }
            """),
        new("MG0003 empty model name", DiagnosticIds.MissingValue, 1, 7, ["model needs a name"],
            """
            model:
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0003 empty layers list", DiagnosticIds.MissingValue, 3, 9, ["'layers:' is empty"],
            """
            model: Net
            input: [784]
            layers: []
            """),
        new("MG0003 empty list item", DiagnosticIds.MissingValue, 4, 4, ["an empty layer"],
            """
            model: Net
            input: [784]
            layers:
              -
              - dense: 10
            """),
        new("MG0003 step schedule without step_size", DiagnosticIds.MissingValue, 6, 13, ["step needs 'step_size'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              schedule: step
              epochs: 5
            """),

        // MG0004: unknown key.
        new("MG0004 kernel_size suggests kernel", DiagnosticIds.UnknownKey, 4, 27, ["'kernel_size'", "did you mean 'kernel'?"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 32, kernel_size: 3}
              - flatten
              - dense: 10
            """),
        new("MG0004 filter suggests filters", DiagnosticIds.UnknownKey, 4, 14, ["'filter'", "did you mean 'filters'?"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filter: 32, kernel: 3}
              - flatten
              - dense: 10
            """),
        new("MG0004 input_shape suggests input", DiagnosticIds.UnknownKey, 2, 1, ["'input_shape'", "did you mean 'input'?"],
            """
            model: Net
            input_shape: [784]
            layers:
              - dense: 10
            """),
        new("MG0004 unknown key without a close match lists the keys", DiagnosticIds.UnknownKey, 4, 24, ["'colour'", "expected one of: units, bias"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, colour: red}
            """),
        new("MG0004 learning_rate under training points to the optimizer", DiagnosticIds.UnknownKey, 6, 3, ["'learning_rate'", "optimizer: {adam: {lr: 0.001}}"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              learning_rate: 0.01
            """),
        new("MG0004 name on an inline activation", DiagnosticIds.UnknownKey, 4, 68, ["remove 'name:'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, activation: {leaky_relu: {slope: 0.1, name: act}}}
            """),

        new("MG0004 restore_best_weights suggests restore_best", DiagnosticIds.UnknownKey, 4, 29, ["'restore_best_weights'", "did you mean 'restore_best'?"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {early_stopping: {restore_best_weights: true}}
            """),

        // MG0005: unknown layer type.
        new("MG0005 conv2 suggests conv2d", DiagnosticIds.UnknownLayerType, 4, 5, ["'conv2'", "did you mean 'conv2d'?"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2: {filters: 32, kernel: 3}
            """),
        new("MG0005 Dense suggests dense", DiagnosticIds.UnknownLayerType, 4, 5, ["'Dense'", "did you mean 'dense'?"],
            """
            model: Net
            input: [784]
            layers:
              - Dense: 10
            """),
        new("MG0005 linear suggests dense", DiagnosticIds.UnknownLayerType, 4, 5, ["'linear'", "did you mean 'dense'?"],
            """
            model: Net
            input: [784]
            layers:
              - linear: 10
            """),
        new("MG0005 Keras MaxPooling2D suggests max_pool2d", DiagnosticIds.UnknownLayerType, 4, 5, ["'MaxPooling2D'", "did you mean 'max_pool2d'?"],
            """
            model: Net
            input: [1, 28, 28]
            layers:
              - MaxPooling2D: 2
            """),
        new("MG0005 unknown type without a close match lists the types", DiagnosticIds.UnknownLayerType, 4, 5, ["'transformer'", "expected one of: conv2d"],
            """
            model: Net
            input: [784]
            layers:
              - transformer: 10
            """),
        new("MG0005 misspelt flatten does not cascade into MG0011", DiagnosticIds.UnknownLayerType, 4, 5, ["'Flatten'", "did you mean 'flatten'?"],
            """
            model: Net
            input: [1, 28, 28]
            layers:
              - Flatten
              - dense: 10
            """),

        // MG0006: value of the wrong type.
        new("MG0006 quoted number", DiagnosticIds.WrongType, 4, 12, ["'10'", "remove the quotes"],
            """
            model: Net
            input: [784]
            layers:
              - dense: "10"
            """),
        new("MG0006 non-integer units", DiagnosticIds.WrongType, 4, 12, ["dense.units needs a whole number", "10.5"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10.5
            """),
        new("MG0006 true as a size", DiagnosticIds.WrongType, 4, 12, ["dense.units", "'true'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: true
            """),
        new("MG0006 yes as a boolean", DiagnosticIds.WrongType, 4, 30, ["dense.bias needs true or false", "'yes'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, bias: yes}
            """),
        new("MG0006 kernel of three numbers", DiagnosticIds.WrongType, 4, 34, ["conv2d.kernel", "a list of 3"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 8, kernel: [3, 3, 3]}
            """),
        new("MG0006 list where settings belong", DiagnosticIds.WrongType, 4, 12, ["dense takes a mapping of settings", "not a list"],
            """
            model: Net
            input: [784]
            layers:
              - dense: [10, 20]
            """),
        new("MG0006 flatten with an argument does not cascade into MG0011", DiagnosticIds.WrongType, 4, 14, ["flatten takes", "not '2'"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - flatten: 2
              - dense: 10
            """),

        // MG0007: value out of range.
        new("MG0007 dropout rate 1.0", DiagnosticIds.OutOfRange, 4, 14, ["dropout.rate is 1.0", "less than 1"],
            """
            model: Net
            input: [784]
            layers:
              - dropout: 1.0
              - dense: 10
            """),
        new("MG0007 negative dropout rate", DiagnosticIds.OutOfRange, 4, 14, ["dropout.rate is -0.5", "at least 0"],
            """
            model: Net
            input: [784]
            layers:
              - dropout: -0.5
              - dense: 10
            """),
        new("MG0007 zero filters", DiagnosticIds.OutOfRange, 4, 23, ["conv2d.filters is 0", "from 1 to 1,000,000"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 0, kernel: 3}
              - flatten
              - dense: 10
            """),
        new("MG0007 negative kernel", DiagnosticIds.OutOfRange, 4, 34, ["conv2d.kernel is -3"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 8, kernel: -3}
              - flatten
              - dense: 10
            """),
        new("MG0007 negative pooling size", DiagnosticIds.OutOfRange, 4, 17, ["max_pool2d.size is -2"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - max_pool2d: -2
              - flatten
              - dense: 10
            """),
        new("MG0007 zero classes", DiagnosticIds.OutOfRange, 3, 10, ["classes is 0"],
            """
            model: Net
            input: [784]
            classes: 0
            layers:
              - dense: 10
            """),
        new("MG0007 pooling padding over half the window", DiagnosticIds.OutOfRange, 4, 36, ["padding 2", "at most half"],
            """
            model: Net
            input: [1, 8, 8]
            layers:
              - max_pool2d: {size: 2, padding: 2}
            """),

        new("MG0007 validation_split of 1", DiagnosticIds.OutOfRange, 4, 30, ["validation_split is 1", "less than 1"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {validation_split: 1}
            """),

        new("MG0007 reduce_lr_on_plateau patience 0", DiagnosticIds.OutOfRange, 4, 45, ["patience is 0", "from 1"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {reduce_lr_on_plateau: {patience: 0}}
            """),

        // MG0008: invalid input shape.
        new("MG0008 two dimensions", DiagnosticIds.InvalidInputShape, 2, 8, ["input has 2 dimensions", "[channels, height, width]"],
            """
            model: Net
            input: [28, 28]
            layers:
              - flatten
              - dense: 10
            """),
        new("MG0008 batch dimension included", DiagnosticIds.InvalidInputShape, 2, 8, ["input has 4 dimensions", "leave out the batch dimension"],
            """
            model: Net
            input: [1, 3, 32, 32]
            layers:
              - flatten
              - dense: 10
            """),
        new("MG0008 a number, not a list", DiagnosticIds.InvalidInputShape, 2, 8, ["input must be a list", "'784'"],
            """
            model: Net
            input: 784
            layers:
              - dense: 10
            """),
        new("MG0008 empty input", DiagnosticIds.InvalidInputShape, 2, 7, ["input must be a list", "an empty value"],
            """
            model: Net
            input:
            layers:
              - dense: 10
            """),
        new("MG0008 zero dimension", DiagnosticIds.InvalidInputShape, 2, 12, ["input dimension '0'", "from 1 to 1,000,000"],
            """
            model: Net
            input: [3, 0, 32]
            layers:
              - flatten
              - dense: 10
            """),
        new("MG0008 negative dimension", DiagnosticIds.InvalidInputShape, 2, 9, ["input dimension '-784'"],
            """
            model: Net
            input: [-784]
            layers:
              - dense: 10
            """),
        new("MG0008 non-integer dimension", DiagnosticIds.InvalidInputShape, 2, 12, ["input dimension '32.5'"],
            """
            model: Net
            input: [3, 32.5, 32]
            layers:
              - flatten
              - dense: 10
            """),
        new("MG0008 quoted dimension", DiagnosticIds.InvalidInputShape, 2, 12, ["input dimension '32'"],
            """
            model: Net
            input: [3, "32", 32]
            layers:
              - flatten
              - dense: 10
            """),

        // MG0009: kernel or pooling window larger than its (padded) input.
        new("MG0009 kernel larger than the input", DiagnosticIds.WindowLargerThanInput, 4, 34, ["kernel height and width 5", "input height and width 4", "at most 4"],
            """
            model: Net
            input: [1, 4, 4]
            layers:
              - conv2d: {filters: 8, kernel: 5}
            """),
        new("MG0009 kernel larger than the padded input", DiagnosticIds.WindowLargerThanInput, 4, 34, ["kernel height and width 7", "(padded: 6)"],
            """
            model: Net
            input: [1, 4, 4]
            layers:
              - conv2d: {filters: 8, kernel: 7, padding: 1}
            """),
        new("MG0009 kernel taller than the input", DiagnosticIds.WindowLargerThanInput, 4, 34, ["kernel height 5", "input height 4"],
            """
            model: Net
            input: [1, 4, 16]
            layers:
              - conv2d: {filters: 8, kernel: [5, 3]}
            """),
        new("MG0009 pooling window larger than the input", DiagnosticIds.WindowLargerThanInput, 4, 17, ["pooling window height and width 8", "input height and width 4"],
            """
            model: Net
            input: [1, 4, 4]
            layers:
              - max_pool2d: 8
            """),
        new("MG0009 kernel larger even than the model input", DiagnosticIds.WindowLargerThanInput, 5, 34, ["kernel height and width 9", "input height and width 6"],
            """
            model: Net
            input: [1, 8, 8]
            layers:
              - conv2d: {filters: 4, kernel: 3}
              - conv2d: {filters: 4, kernel: 9}
            """),

        // MG0010: spatial size reaches zero after earlier layers shrank it.
        new("MG0010 four poolings on 8x8", DiagnosticIds.SpatialSizeZero, 7, 5, ["'maxPool4'", "(maxPool1, maxPool2, maxPool3)", "from 8 to 1"],
            """
            model: Net
            input: [1, 8, 8]
            layers:
              - max_pool2d: 2
              - max_pool2d: 2
              - max_pool2d: 2
              - max_pool2d: 2
              - flatten
              - dense: 10
            """),
        new("MG0010 second valid convolution", DiagnosticIds.SpatialSizeZero, 5, 5, ["'conv2'", "(conv1)", "from 8 to 4", "kernel 5"],
            """
            model: Net
            input: [1, 8, 8]
            layers:
              - conv2d: {filters: 4, kernel: 5}
              - conv2d: {filters: 4, kernel: 5}
              - flatten
              - dense: 10
            """),

        // MG0011: dense fed a multi-dimensional tensor.
        new("MG0011 dense after a convolution", DiagnosticIds.DenseNeedsFlatten, 5, 5, ["3-D tensor [8, 30, 30]", "insert flatten"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 8, kernel: 3}
              - dense: 10
            """),
        new("MG0011 dense on an image input", DiagnosticIds.DenseNeedsFlatten, 4, 5, ["[1, 28, 28]", "insert flatten"],
            """
            model: Net
            input: [1, 28, 28]
            layers:
              - dense: 10
            """),

        // MG0012: convolution or pooling fed a flat tensor.
        new("MG0012 conv2d on a flat input", DiagnosticIds.SpatialLayerOnFlatTensor, 4, 5, ["conv2d", "flat tensor [784]", "declare input as [channels, height, width]"],
            """
            model: Net
            input: [784]
            layers:
              - conv2d: {filters: 8, kernel: 3}
            """),
        new("MG0012 pooling after flatten", DiagnosticIds.SpatialLayerOnFlatTensor, 5, 5, ["max_pool2d", "flatten 'flatten1'", "move this layer before it"],
            """
            model: Net
            input: [1, 28, 28]
            layers:
              - flatten
              - max_pool2d: 2
            """),

        // MG0013: model name is not a valid C# identifier.
        new("MG0013 dash in the model name", DiagnosticIds.InvalidModelName, 1, 8, ["'my-net'", "try 'MyNet'"],
            """
            model: my-net
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0013 keyword as the model name", DiagnosticIds.InvalidModelName, 1, 8, ["'class'", "keyword"],
            """
            model: class
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0013 model name starting with a digit", DiagnosticIds.InvalidModelName, 1, 8, ["'3dNet'", "try '_3dNet'"],
            """
            model: 3dNet
            input: [784]
            layers:
              - dense: 10
            """),

        // MG0015: output does not match classes.
        new("MG0015 last dense units differ from classes", DiagnosticIds.ClassesMismatch, 6, 12, ["outputs 5 values", "classes: 10", "units: 10"],
            """
            model: Net
            input: [784]
            classes: 10
            layers:
              - dense: 128
              - dense: 5
            """),
        new("MG0015 units of the last dense before softmax", DiagnosticIds.ClassesMismatch, 5, 20, ["outputs 5 values", "units: 10"],
            """
            model: Net
            input: [784]
            classes: 10
            layers:
              - dense: {units: 5, activation: relu}
              - softmax
            """),
        new("MG0015 model ends with an image", DiagnosticIds.ClassesMismatch, 5, 5, ["[10, 26, 26]", "end with flatten and dense: 10"],
            """
            model: Net
            input: [1, 28, 28]
            classes: 10
            layers:
              - conv2d: {filters: 10, kernel: 3}
            """),

        new("MG0013 model name hiding a type the generated code uses", DiagnosticIds.InvalidModelName, 1, 8, ["'Tensor'", "'TensorModel'"],
            """
            model: Tensor
            input: [784]
            layers:
              - dense: 10
            """),

        new("MG0013 contextual keyword as the model name", DiagnosticIds.InvalidModelName, 1, 8, ["'var'", "contextual keyword"],
            """
            model: var
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0013 model named like a member of the generated class", DiagnosticIds.InvalidModelName, 1, 8, ["'Summary'", "member"],
            """
            model: Summary
            input: [784]
            layers:
              - dense: 10
            """),

        new("MG0013 model name that is a Python keyword", DiagnosticIds.InvalidModelName, 1, 8, ["'None'", "Python keyword", "'NoneModel'"],
            """
            model: None
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0013 model whose Python module hides a standard module", DiagnosticIds.InvalidModelName, 1, 8, ["'Random'", "random.py", "'RandomModel'"],
            """
            model: Random
            input: [784]
            layers:
              - dense: 10
            """),

        // MG0016: layer name is not a valid C# member name.
        new("MG0016 layer name hiding a type the generated code uses", DiagnosticIds.InvalidLayerName, 4, 30, ["'Linear'", "'linearLayer'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: Linear}
            """),
        new("MG0016 layer name starting with a digit", DiagnosticIds.InvalidLayerName, 4, 30, ["'1st'", "try '_1st'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: 1st}
            """),
        new("MG0016 layer name taken by the module", DiagnosticIds.InvalidLayerName, 4, 30, ["'forward'", "'forwardLayer'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: forward}
            """),
        new("MG0016 layer name that is a Python keyword", DiagnosticIds.InvalidLayerName, 4, 30, ["'lambda'", "Python keyword", "state_dict() key", "'lambdaLayer'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: lambda}
            """),
        new("MG0016 layer name of a PyTorch module member", DiagnosticIds.InvalidLayerName, 4, 30, ["'type'", "nn.Module", "'typeLayer'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: type}
            """),
        new("MG0016 layer name that Python mangles", DiagnosticIds.InvalidLayerName, 4, 30, ["'__hidden'", "mangles", "'hiddenLayer'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: __hidden}
            """),
        new("MG0016 layer named like the model", DiagnosticIds.InvalidLayerName, 4, 30, ["'Net'", "model's class name"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, name: Net}
            """),
        new("MG0016 default layer name equal to the model name", DiagnosticIds.InvalidLayerName, 4, 5, ["'dense1'", "name: dense1Layer"],
            """
            model: dense1
            input: [784]
            layers:
              - dense: 10
            """),

        // MG0017: duplicate layer name.
        new("MG0017 two layers with the same name", DiagnosticIds.DuplicateLayerName, 5, 30, ["'hidden'", "layer 2", "layer 1"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 64, name: hidden}
              - dense: {units: 10, name: hidden}
            """),
        new("MG0017 explicit name taken by a later default name", DiagnosticIds.DuplicateLayerName, 5, 5, ["'dense2'", "layer 1"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 64, name: dense2}
              - dense: 10
            """),

        // MG0018: invalid namespace.
        new("MG0018 namespace part hiding a name the generated code uses", DiagnosticIds.InvalidNamespace, 2, 12, ["'Vision.nn'", "'nn'"],
            """
            model: Net
            namespace: Vision.nn
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0018 empty namespace segment", DiagnosticIds.InvalidNamespace, 2, 12, ["'My..Models'", "MyCompany.Models"],
            """
            model: Net
            namespace: My..Models
            input: [784]
            layers:
              - dense: 10
            """),
        new("MG0018 namespace is a list", DiagnosticIds.InvalidNamespace, 2, 12, ["not a list"],
            """
            model: Net
            namespace: [My, Models]
            input: [784]
            layers:
              - dense: 10
            """),

        // MG0019: 'same' padding that PyTorch pooling cannot place.
        new("MG0019 same padding on a stride-1 pooling with an even window", DiagnosticIds.AsymmetricSamePadding, 4, 47, ["padding: same", "max_pool2d 'maxPool1'", "1 row and 1 column"],
            """
            model: Net
            input: [1, 7, 7]
            layers:
              - max_pool2d: {size: 2, stride: 1, padding: same}
            """),

        // MG0020: conflicting settings.
        new("MG0020 nesterov without momentum", DiagnosticIds.ConflictingSettings, 6, 40, ["nesterov: true", "momentum: 0.9"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              optimizer: {sgd: {lr: 0.1, nesterov: true}}
            """),

        new("MG0020 normalize values not matching the channels", DiagnosticIds.ConflictingSettings, 5, 21, ["2 values", "3 channels"],
            """
            model: Net
            input: [3, 8, 8]
            layers: [flatten, {dense: 10}]
            training:
              normalize: {mean: [0.5, 0.5], std: 1}
            """),

        new("MG0020 accuracy monitored on a regression model", DiagnosticIds.ConflictingSettings, 6, 29, ["early_stopping monitors val_accuracy", "regression model", "val_mae"],
            """
            model: Net
            input: [13]
            layers: [{dense: 1}]
            training:
              loss: mse
              early_stopping: {monitor: val_accuracy}
            """),

        new("MG0020 mean absolute error monitored on a classifier", DiagnosticIds.ConflictingSettings, 4, 39, ["best_checkpoint monitors mae", "classifier", "accuracy or loss"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {best_checkpoint: {monitor: mae}}
            """),

        new("MG0020 label smoothing with a regression loss", DiagnosticIds.ConflictingSettings, 4, 40, ["label_smoothing", "mse", "classification loss"],
            """
            model: Net
            input: [4]
            layers: [{dense: 1}]
            training: {loss: mse, label_smoothing: 0.1}
            """),
        new("MG0020 augmentation of an input that is not an image", DiagnosticIds.ConflictingSettings, 5, 3, ["augment changes images", "[4]", "remove augment"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training:
              augment: {flip: random}
            """),
        new("MG0020 flip test-time augmentation of an input that is not an image", DiagnosticIds.ConflictingSettings, 4, 36, ["test_time_augmentation: flip", "[4]"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {test_time_augmentation: flip}
            """),
        new("MG0020 crop padding as large as the image", DiagnosticIds.ConflictingSettings, 5, 19, ["crop padding 4", "4x4", "at most 3"],
            """
            model: Net
            input: [3, 4, 4]
            layers: [flatten, {dense: 3}, softmax]
            training:
              augment: {crop: 4}
            """),
        new("MG0020 cutout larger than the image", DiagnosticIds.ConflictingSettings, 5, 21, ["cutout size 5", "4x4", "at most 4"],
            """
            model: Net
            input: [3, 4, 4]
            layers: [flatten, {dense: 3}, softmax]
            training:
              augment: {cutout: 5}
            """),

        // MG0021: duplicate key.
        new("MG0021 key twice in a layer", DiagnosticIds.DuplicateKey, 4, 24, ["'units' appears twice"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, units: 20}
            """),
        new("MG0021 top-level key twice", DiagnosticIds.DuplicateKey, 3, 1, ["'model' appears twice"],
            """
            model: Net
            input: [784]
            model: Other
            layers:
              - dense: 10
            """),

        // MG0022: unknown value.
        new("MG0022 val_acc suggests val_accuracy", DiagnosticIds.UnknownValue, 4, 39, ["'val_acc'", "did you mean 'val_accuracy'?"],
            """
            model: Net
            input: [4]
            layers: [{dense: 3}, softmax]
            training: {best_checkpoint: {monitor: val_acc}}
            """),

        new("MG0022 unknown padding", DiagnosticIds.UnknownValue, 4, 46, ["'full'", "same, valid"],
            """
            model: Net
            input: [3, 8, 8]
            layers:
              - conv2d: {filters: 4, kernel: 3, padding: full}
              - flatten
              - dense: 10
            """),
        new("MG0022 misspelt activation", DiagnosticIds.UnknownValue, 4, 36, ["'rlu'", "did you mean 'relu'?"],
            """
            model: Net
            input: [784]
            layers:
              - dense: {units: 10, activation: rlu}
            """),
        new("MG0022 misspelt optimizer", DiagnosticIds.UnknownValue, 6, 14, ["'adamm'", "did you mean 'adam'?"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              optimizer: adamm
            """),
        new("MG0022 Keras loss name", DiagnosticIds.UnknownValue, 6, 9, ["'categorical_crossentropy'", "did you mean 'categorical_cross_entropy'?"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
            training:
              loss: categorical_crossentropy
            """),
        new("MG0022 PyTorch initialiser alias", DiagnosticIds.UnknownValue, 4, 16, ["'xavier'", "did you mean 'glorot_uniform'?"],
            """
            model: Net
            input: [784]
            defaults:
              weight_init: xavier
            layers:
              - dense: 10
            """),

        // MG0025: layer must be the first layer.
        new("MG0025 whitening after a convolution", DiagnosticIds.LayerMustComeFirst, 5, 5, ["whitening 'whiten1'", "layer 2", "must be the first layer"],
            """
            model: Net
            input: [3, 32, 32]
            layers:
              - conv2d: {filters: 8, kernel: 3}
              - whitening
              - flatten
              - dense: 10
            """),
        new("MG0025 a second whitening layer", DiagnosticIds.LayerMustComeFirst, 6, 5, ["whitening 'whiten2'", "layer 3"],
            """
            model: Net
            input: [3, 8, 8]
            layers:
              - whitening: 2
              - gelu
              - whitening: 2
              - flatten
              - dense: 10
            """),

        // The new layers' keys go through the same checks as every key.
        new("MG0012 whitening on a flat input", DiagnosticIds.SpatialLayerOnFlatTensor, 4, 5, ["whitening", "flat tensor [784]"],
            """
            model: Net
            input: [784]
            layers:
              - whitening
              - dense: 10
            """),
        new("MG0009 whitening kernel larger than the image", DiagnosticIds.WindowLargerThanInput, 4, 25, ["kernel height and width 5", "whitening 'whiten1'", "input height and width 4", "at most 4"],
            """
            model: Net
            input: [3, 4, 4]
            layers:
              - whitening: {kernel: 5}
              - flatten
              - dense: 10
            """),
        new("MG0007 whitening with images 0", DiagnosticIds.OutOfRange, 4, 25, ["whitening.images is 0", "from 1"],
            """
            model: Net
            input: [3, 8, 8]
            layers:
              - whitening: {images: 0}
              - flatten
              - dense: 10
            """),
        new("MG0003 rescaling without a scale", DiagnosticIds.MissingValue, 5, 5, ["rescaling needs 'scale'"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
              - rescaling: {offset: 1}
            """),
        new("MG0006 batch_norm scale as a number", DiagnosticIds.WrongType, 5, 25, ["batch_norm.scale needs true or false"],
            """
            model: Net
            input: [784]
            layers:
              - dense: 10
              - batch_norm: {scale: 0}
            """),
    ];

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Reports_the_mistake_once_at_its_node(string name)
    {
        var spec = Cases.Single(c => c.Name == name);
        var outcome = SpecRun.Run(spec.Yaml);

        var diagnostic = SpecRun.AssertSingle(outcome, spec.Id, spec.Line, spec.Column);
        SpecRun.AssertMentions(diagnostic, spec.Mentions);
        SpecRun.AssertGeneration(outcome);
    }

    [Fact]
    public void Case_names_are_unique() =>
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
}
