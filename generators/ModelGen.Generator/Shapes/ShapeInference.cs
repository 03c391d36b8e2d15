using Microsoft.CodeAnalysis.CSharp;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Generator.Common;
using ModelGen.Generator.Diagnostics;
using ModelGen.Generator.Emit;
using ModelGen.Generator.Model;
using ModelGen.Generator.Spec;

namespace ModelGen.Generator.Shapes;

/// <summary>
/// Walks the layers from the input shape, resolving each layer's settings and computing its output shape
/// and parameter count, as PyTorch would at run time. Every impossible shape becomes a diagnostic at the
/// YAML node that causes it. Shapes exclude the batch dimension: [C, H, W] or [F].
/// </summary>
internal sealed class ShapeInference
{
    /// <summary>
    /// Members of the generated class and of TorchSharp's Module that a layer name must not hide, plus the
    /// locals of the generated forward methods.
    /// </summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "forward", "ForwardLogits", "ModelName", "InputShape", "OutputShape", "ParameterCount", "Summary", "MermaidDiagram", "Training", "Layers", "OutputKind",
        "ArchitectureHash", "ReferenceEquals",
        "input", "x", "logits", "scope",
        "training", "train", "eval", "to", "cpu", "cuda", "half", "bfloat16", "@float", "@double", "parameters", "named_parameters",
        "modules", "named_modules", "children", "named_children", "buffers", "named_buffers", "state_dict", "load_state_dict",
        "load", "save", "apply", "zero_grad", "register_buffer", "register_parameter", "register_module", "RegisterComponents",
        "GetName", "Dispose", "call", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "handle",
        "get_buffer", "get_parameter", "get_submodule", "register_forward_hook", "register_forward_pre_hook", "name", "device",
    };

    /// <summary>With a model name of at most 255 characters, the full name stays within .NET metadata's 1,023-byte limit.</summary>
    private const int MaxRootNamespaceLength = 511;

    private readonly ModelSpec spec;
    private readonly DiagnosticBag diagnostics;
    private readonly List<LayerDefinition> layers = new();

    private ShapeInference(ModelSpec spec, DiagnosticBag diagnostics)
    {
        this.spec = spec;
        this.diagnostics = diagnostics;
    }

    public static ModelDefinition? Infer(ModelSpec spec, DiagnosticBag diagnostics, string defaultNamespace, string sourceFileName) =>
        new ShapeInference(spec, diagnostics).Run(defaultNamespace, sourceFileName);

    private ModelDefinition? Run(string defaultNamespace, string sourceFileName)
    {
        var training = InferTraining();
        CheckModelName();
        CheckNamespace(defaultNamespace);

        if (spec.Input is null || spec.Layers.Count == 0)
        {
            return null;
        }

        var modelInput = (EquatableArray<long>)spec.Input.Value;
        var shape = modelInput.ToArray();
        var names = new Dictionary<string, LayerSpec>(StringComparer.Ordinal);
        var typeCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        long parameters = 0, buffers = 0;
        var shapesKnown = true;

        // Past a layer that could not be read, positions, names and shapes would all be guesses.
        foreach (var layer in spec.Layers.Take(spec.IncompleteAt ?? spec.Layers.Count))
        {
            typeCounts.TryGetValue(layer.Type, out var count);
            typeCounts[layer.Type] = ++count;
            var memberName = CheckName(layer, count, names);
            if (!shapesKnown)
            {
                continue;
            }

            try
            {
                var definition = InferLayer(layer, memberName, shape, modelInput);
                if (definition is null)
                {
                    // Later shapes would be guesses; stop rather than report follow-on errors.
                    shapesKnown = false;
                    continue;
                }

                layers.Add(definition);
                shape = definition.OutputShape.ToArray();
                parameters = checked(parameters + definition.ParameterCount);
                if (definition.Kind is LayerKind.BatchNorm1d or LayerKind.BatchNorm2d)
                {
                    buffers = checked(buffers + (2 * definition.Features) + 1);
                }
            }
            catch (OverflowException)
            {
                diagnostics.Add(DiagnosticIds.OutOfRange, layer.Tagged.TypeSpan,
                    $"{layer.Type} '{memberName}' would hold more than 2^63 values; the sizes in this spec are far too large");
                shapesKnown = false;
            }
        }

        if (!shapesKnown || spec.IncompleteAt is not null)
        {
            return null;
        }

        CheckClasses(shape);
        CheckLoss(training);
        CheckDefaultsUsed();

        var name = spec.Name?.Text;
        if (name is null || training is null || diagnostics.HasErrors)
        {
            return null;
        }

        var ns = spec.Namespace?.Text ?? defaultNamespace;
        return new ModelDefinition(
            name,
            ns,
            sourceFileName,
            spec.Description,
            modelInput,
            shape.ToEquatableArray(),
            parameters,
            buffers,
            spec.Classes?.Integer,
            layers.ToEquatableArray(),
            training);
    }

    /// <summary>A valid identifier can still break the generated class: names it uses, its own members, contextual keywords.</summary>
    private void CheckModelName()
    {
        if (spec.Name is not { } modelName)
        {
            return;
        }

        var name = modelName.Text;
        var problem =
            ModelEmitter.NamesUsedByGeneratedCode.Contains(name) ? "is a type or namespace the generated code uses (from TorchSharp or ModelGen)" :
            ReservedNames.Contains(name) ? "is the name of a member of the generated class or of TorchSharp's Module" :
            SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "is a C# contextual keyword" :
            null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticIds.InvalidModelName, modelName.Span,
                $"'{name}' {problem}, so a class with that name would break the generated code; choose another, e.g. '{char.ToUpperInvariant(name[0])}{name.Substring(1)}Model'");
        }
    }

    /// <summary>A namespace segment named like something the generated code refers to would hide it.</summary>
    private void CheckNamespace(string defaultNamespace)
    {
        var ns = spec.Namespace?.Text ?? defaultNamespace;
        if (spec.Namespace is null && ns.Length > MaxRootNamespaceLength)
        {
            diagnostics.Add(DiagnosticIds.InvalidNamespace, spec.Name?.Span ?? SourceSpan.FileStart,
                $"the project's root namespace is {ns.Length} characters long, too long for the generated class's full name; give this spec a shorter 'namespace:'");
            return;
        }

        // "ModelGen" is harmless here: the generated file imports it with a using directive outside the namespace.
        var clash = ns.Split('.').FirstOrDefault(segment =>
            (ModelEmitter.NamesUsedByGeneratedCode.Contains(segment) && segment != "ModelGen") || segment == "global");
        if (clash is null)
        {
            return;
        }

        if (spec.Namespace is { } written)
        {
            diagnostics.Add(DiagnosticIds.InvalidNamespace, written.Span,
                $"the namespace '{ns}' has a part '{clash}', a name the generated code uses (from TorchSharp or ModelGen), which it would hide; rename that part, e.g. '{ns.Replace(clash, clash + "Models")}'");
        }
        else
        {
            diagnostics.Add(DiagnosticIds.InvalidNamespace, spec.Name?.Span ?? SourceSpan.FileStart,
                $"the project's root namespace '{ns}' has a part '{clash}', a name the generated code uses (from TorchSharp or ModelGen), which it would hide; give this spec its own 'namespace:'");
        }
    }

    private string CheckName(LayerSpec layer, int ordinalOfType, Dictionary<string, LayerSpec> names)
    {
        var explicitName = layer.Tagged.Get("name");
        var memberName = explicitName?.Text ?? layer.Tagged.Info.MemberPrefix + ordinalOfType.ToString(CultureInfo.InvariantCulture);
        var span = explicitName?.Span ?? layer.Tagged.TypeSpan;
        if (explicitName is not null && ModelEmitter.NamesUsedByGeneratedCode.Contains(memberName))
        {
            diagnostics.Add(DiagnosticIds.InvalidLayerName, span,
                $"the layer name '{memberName}' is a type or namespace the generated code uses, so the field would hide it; choose another, e.g. '{char.ToLowerInvariant(memberName[0])}{memberName.Substring(1)}Layer'");
        }
        else if (explicitName is not null && ReservedNames.Contains(memberName))
        {
            diagnostics.Add(DiagnosticIds.InvalidLayerName, span,
                $"the layer name '{memberName}' is taken by a member of the generated class or of TorchSharp's Module; choose another, e.g. '{memberName}Layer'");
        }
        else if (memberName == spec.Name?.Text)
        {
            // C# forbids a member named like its class (CS0542); this also catches a default name such as dense1.
            diagnostics.Add(DiagnosticIds.InvalidLayerName, span, explicitName is null
                ? $"the default name '{memberName}' of this {layer.Type} is also the model's class name, and a C# member cannot be named like its class; give the layer a name (e.g. name: {memberName}Layer) or rename the model"
                : $"the layer name '{memberName}' is also the model's class name, and a C# member cannot be named like its class; choose another (e.g. '{memberName}Layer') or rename the model");
        }
        else if (names.TryGetValue(memberName, out var other))
        {
            diagnostics.Add(DiagnosticIds.DuplicateLayerName, span,
                $"layer {layer.Index + 1} ({layer.Type}) is named '{memberName}', like layer {other.Index + 1} ({other.Type}); layer names must be unique");
        }
        else
        {
            names[memberName] = layer;
        }

        return memberName;
    }

    private LayerDefinition? InferLayer(LayerSpec layer, string memberName, long[] input, EquatableArray<long> modelInput)
    {
        var t = layer.Tagged;
        var inputShape = input.ToEquatableArray();
        switch (layer.Type)
        {
            case "conv2d":
            {
                if (!RequireSpatial(layer, input))
                {
                    return null;
                }

                var filters = t.Get("filters")?.Integer;
                var kernel = t.Get("kernel")?.Pair;
                if (filters is null || kernel is null)
                {
                    return null;
                }

                var stride = t.Get("stride")?.Pair ?? new Pair(1, 1);
                var dilation = t.Get("dilation")?.Pair ?? new Pair(1, 1);
                var padding = (PaddingSpec?)t.Get("padding")?.Value ?? new PaddingSpec(PaddingSpec.Valid, default);
                var height = ConvolveDimension(layer, memberName, Axis.Height, input[1], modelInput[1], kernel.Value.Height, stride.Height, dilation.Height, padding, padding.Explicit.Height, isPool: false, out var heightProblem);
                var width = ConvolveDimension(layer, memberName, Axis.Width, input[2], modelInput[2], kernel.Value.Width, stride.Width, dilation.Width, padding, padding.Explicit.Width, isPool: false, out var widthProblem);
                ReportAxisProblems(heightProblem, widthProblem);
                if (height is null || width is null)
                {
                    return null;
                }

                WarnDroppedCells(layer, input, height.Value, width.Value, stride);
                var bias = t.Get("bias")?.Boolean ?? true;
                WarnUnusedBiasInit(layer, bias);
                var weights = filters.Value * input[0] * kernel.Value.Height * kernel.Value.Width;
                return new LayerDefinition(LayerKind.Conv2d, layer.Type, memberName, inputShape,
                    EquatableArray.Create(filters.Value, height.Value.Size, width.Value.Size), weights + (bias ? filters.Value : 0))
                {
                    Features = filters.Value,
                    InFeatures = input[0],
                    Kernel = ToSize(kernel.Value),
                    Stride = ToSize(stride),
                    Dilation = ToSize(dilation),
                    Padding = new Size2(height.Value.Padding, width.Value.Padding),
                    ExtraPadding = new Size2(height.Value.ExtraPadding, width.Value.ExtraPadding),
                    PaddingMode = padding.Mode,
                    Bias = bias,
                    Activation = ResolveActivation(layer.Activation),
                    WeightInit = Initializer(t, "weight_init"),
                    BiasInit = Initializer(t, "bias_init"),
                };
            }

            case "max_pool2d":
            case "avg_pool2d":
            {
                if (!RequireSpatial(layer, input))
                {
                    return null;
                }

                var size = t.Get("size")?.Pair ?? new Pair(2, 2);
                var stride = t.Get("stride")?.Pair ?? size;
                var padding = (PaddingSpec?)t.Get("padding")?.Value ?? new PaddingSpec(PaddingSpec.Valid, default);
                if (padding.Mode == PaddingSpec.ExplicitMode &&
                    (padding.Explicit.Height * 2 > size.Height || padding.Explicit.Width * 2 > size.Width))
                {
                    diagnostics.Add(DiagnosticIds.OutOfRange, t.SpanOf("padding"),
                        $"{layer.Type} padding {padding.Explicit} is more than half its window {size}; PyTorch allows at most half (use padding: same, or a larger window)");
                    return null;
                }

                var height = ConvolveDimension(layer, memberName, Axis.Height, input[1], modelInput[1], size.Height, stride.Height, 1, padding, padding.Explicit.Height, isPool: true, out var heightProblem);
                var width = ConvolveDimension(layer, memberName, Axis.Width, input[2], modelInput[2], size.Width, stride.Width, 1, padding, padding.Explicit.Width, isPool: true, out var widthProblem);
                ReportAxisProblems(heightProblem, widthProblem);
                if (height is null || width is null)
                {
                    return null;
                }

                WarnDroppedCells(layer, input, height.Value, width.Value, stride);
                var ceil = height.Value.CeilMode || width.Value.CeilMode;
                return new LayerDefinition(layer.Type == "max_pool2d" ? LayerKind.MaxPool2d : LayerKind.AvgPool2d, layer.Type, memberName, inputShape,
                    EquatableArray.Create(input[0], height.Value.Size, width.Value.Size), 0)
                {
                    Kernel = ToSize(size),
                    Stride = ToSize(stride),
                    Padding = new Size2(height.Value.Padding, width.Value.Padding),
                    PaddingMode = padding.Mode,
                    CeilMode = ceil,
                    // Keras's "same" average pooling ignores padded cells; max pooling pads with -inf anyway.
                    ExcludePadding = layer.Type == "avg_pool2d" && padding.Mode == PaddingSpec.Same && (ceil || height.Value.Padding > 0 || width.Value.Padding > 0),
                };
            }

            case "global_avg_pool2d":
                return RequireSpatial(layer, input)
                    ? new LayerDefinition(LayerKind.GlobalAvgPool2d, layer.Type, memberName, inputShape, EquatableArray.Create(input[0]), 0)
                    : null;

            case "batch_norm":
            {
                var features = input[0];
                return new LayerDefinition(input.Length == 3 ? LayerKind.BatchNorm2d : LayerKind.BatchNorm1d, layer.Type, memberName, inputShape, inputShape, 2 * features)
                {
                    Features = features,
                    Argument = t.Get("momentum")?.Number ?? 0.1,
                    Epsilon = t.Get("eps")?.Number ?? 1e-5,
                };
            }

            case "dropout":
            {
                var rate = t.Get("rate")?.Number;
                if (rate is null)
                {
                    return null;
                }

                if (rate == 0)
                {
                    diagnostics.Add(DiagnosticIds.UnusedSetting, t.SpanOf("rate"),
                        $"dropout with rate 0 drops nothing; remove the layer or set a rate between 0 and 1");
                }

                return new LayerDefinition(LayerKind.Dropout, layer.Type, memberName, inputShape, inputShape, 0) { Argument = rate.Value };
            }

            case "flatten":
                if (input.Length == 1)
                {
                    diagnostics.Add(DiagnosticIds.UnusedSetting, t.TypeSpan,
                        $"flatten receives an already flat tensor [{input[0]}] and has no effect; remove it");
                }

                return new LayerDefinition(LayerKind.Flatten, layer.Type, memberName, inputShape,
                    EquatableArray.Create(input.Aggregate(1L, (product, size) => checked(product * size))), 0);

            case "dense":
            {
                if (input.Length != 1)
                {
                    diagnostics.Add(DiagnosticIds.DenseNeedsFlatten, t.TypeSpan,
                        $"dense '{memberName}' receives a {input.Length}-D tensor {FormatShape(input)} but needs a flat [features] tensor; insert flatten (or global_avg_pool2d) before it");
                    return null;
                }

                var units = t.Get("units")?.Integer;
                if (units is null)
                {
                    return null;
                }

                var bias = t.Get("bias")?.Boolean ?? true;
                WarnUnusedBiasInit(layer, bias);
                return new LayerDefinition(LayerKind.Dense, layer.Type, memberName, inputShape, EquatableArray.Create(units.Value),
                    (input[0] * units.Value) + (bias ? units.Value : 0))
                {
                    Features = units.Value,
                    InFeatures = input[0],
                    Bias = bias,
                    Activation = ResolveActivation(layer.Activation),
                    WeightInit = Initializer(t, "weight_init"),
                    BiasInit = Initializer(t, "bias_init"),
                };
            }

            default:
            {
                var activation = ResolveActivation(t)!.Value;
                return new LayerDefinition(activation.Kind, layer.Type, memberName, inputShape, inputShape, 0)
                {
                    Argument = activation.Argument,
                    Approximate = activation.Approximate,
                };
            }
        }
    }

    private bool RequireSpatial(LayerSpec layer, long[] input)
    {
        if (input.Length == 3)
        {
            return true;
        }

        var source = layers.LastOrDefault(l => l.OutputShape.Count == 1 && l.InputShape.Count == 3);
        var hint = source is null
            ? "the model input is flat; declare input as [channels, height, width]"
            : $"the tensor became flat at {source.SpecType} '{source.MemberName}'; move this layer before it";
        diagnostics.Add(DiagnosticIds.SpatialLayerOnFlatTensor, layer.Tagged.TypeSpan,
            $"{layer.Type} needs a [channels, height, width] input but receives the flat tensor {FormatShape(input)}; {hint}");
        return false;
    }

    /// <summary>
    /// One spatial dimension's result. <paramref name="ExtraPadding"/> is the row or column Keras's "same" adds at
    /// the bottom/right when the padding cannot be split evenly; PyTorch's conv pads symmetrically, so it is added
    /// with an explicit pad before the convolution.
    /// </summary>
    private readonly record struct Dimension(long Size, long Padding, bool CeilMode, long Remainder, long ExtraPadding = 0);

    /// <summary>Which spatial dimension a message is about; <see cref="Both"/> when height and width fail alike.</summary>
    private enum Axis
    {
        Height,
        Width,
        Both,
    }

    /// <summary>A problem with one spatial dimension, reported once for both when height and width have the same one.</summary>
    private sealed class AxisProblem
    {
        public AxisProblem(string id, SourceSpan span, Func<Axis, string> message)
        {
            Id = id;
            Span = span;
            Message = message;
        }

        public string Id { get; }

        public SourceSpan Span { get; }

        public Func<Axis, string> Message { get; }

        /// <summary>Equal for height and width when only the axis differs.</summary>
        public string Key => Id + Span + Message(Axis.Both);
    }

    private void ReportAxisProblems(AxisProblem? height, AxisProblem? width)
    {
        if (height is not null && width is not null && height.Key == width.Key)
        {
            diagnostics.Add(height.Id, height.Span, height.Message(Axis.Both));
            return;
        }

        if (height is not null)
        {
            diagnostics.Add(height.Id, height.Span, height.Message(Axis.Height));
        }

        if (width is not null)
        {
            diagnostics.Add(width.Id, width.Span, width.Message(Axis.Width));
        }
    }

    private static string Name(Axis axis) => axis switch
    {
        Axis.Height => "height",
        Axis.Width => "width",
        _ => "height and width",
    };

    private static string Count(long count, Axis axis)
    {
        string Unit(string noun) => count == 1 ? noun : noun + "s";
        return axis switch
        {
            Axis.Height => $"{count} {Unit("row")}",
            Axis.Width => $"{count} {Unit("column")}",
            _ => $"{count} {Unit("row")} and {count} {Unit("column")}",
        };
    }

    /// <summary>
    /// One spatial dimension through a convolution or pooling window, with PyTorch's formula
    /// floor((in + 2p - d(k-1) - 1) / s) + 1. "same" padding follows Keras: output = ceil(in / s).
    /// Returns null, with the <paramref name="problem"/>, when the dimension cannot be computed.
    /// </summary>
    private Dimension? ConvolveDimension(LayerSpec layer, string memberName, Axis axis, long input, long modelInput, long kernel, long stride, long dilation,
        PaddingSpec padding, long explicitPadding, bool isPool, out AxisProblem? problem)
    {
        problem = null;
        var window = (dilation * (kernel - 1)) + 1;
        var what = isPool ? "pooling window" : (dilation > 1 ? "dilated kernel" : "kernel");
        long pad = 0;
        var ceil = false;
        if (padding.Mode == PaddingSpec.Same)
        {
            var wanted = (input + stride - 1) / stride;
            var total = Math.Max(((wanted - 1) * stride) + window - input, 0);
            pad = total / 2;
            ceil = total % 2 == 1;
            if (ceil && !isPool)
            {
                return new Dimension(wanted, pad, CeilMode: false, Remainder: 0, ExtraPadding: 1);
            }

            if (ceil && PooledWithCeil(input, pad, window, stride) != wanted)
            {
                problem = new AxisProblem(DiagnosticIds.AsymmetricSamePadding, layer.Tagged.SpanOf("padding"), a =>
                    $"padding: same on {layer.Type} '{memberName}' ({what} {window}, stride {stride}, input {Name(a)} {input}) needs {Count(total, a)} of padding, an odd number that PyTorch pooling cannot place as Keras does (one more at the end); use padding: valid, an explicit padding, or a stride equal to the window");
                return null;
            }
        }
        else if (padding.Mode == PaddingSpec.ExplicitMode)
        {
            pad = explicitPadding;
        }

        if (window > input + (2 * pad))
        {
            var paddedNote = pad > 0 ? $" (padded: {input + (2 * pad)})" : string.Empty;
            if (input < modelInput && window <= modelInput + (2 * pad))
            {
                // The window would have fitted the model's input: earlier layers shrank this dimension too far.
                var index = axis == Axis.Height ? 1 : 2;
                var shrinkers = layers.Where(l => l.Kind is LayerKind.Conv2d or LayerKind.MaxPool2d or LayerKind.AvgPool2d &&
                    l.InputShape[index] > l.OutputShape[index]).Select(l => l.MemberName).ToList();
                problem = new AxisProblem(DiagnosticIds.SpatialSizeZero, layer.Tagged.TypeSpan, a =>
                    $"the {Name(a)} {(a == Axis.Both ? "reach" : "reaches")} zero at {layer.Type} '{memberName}': earlier layers ({string.Join(", ", shrinkers)}) shrank {(a == Axis.Both ? "them" : "it")} from {modelInput} to {input}{paddedNote}, smaller than its {what} {window}; remove a downsampling layer, use padding: same, or a larger input");
            }
            else
            {
                problem = new AxisProblem(DiagnosticIds.WindowLargerThanInput, layer.Tagged.SpanOf(isPool ? "size" : "kernel"), a =>
                    $"the {what} {Name(a)} {window} of {layer.Type} '{memberName}' {(a == Axis.Both ? "are" : "is")} larger than its input {Name(a)} {input}{paddedNote}; use a {what} of at most {input + (2 * pad)} or add padding");
            }

            return null;
        }

        var size = ceil ? PooledWithCeil(input, pad, window, stride) : ((input + (2 * pad) - window) / stride) + 1;
        var remainder = ceil ? 0 : (input + (2 * pad) - window) % stride;
        return new Dimension(size, pad, ceil, remainder);
    }

    /// <summary>PyTorch's pooled size with ceil_mode, including its rule that the last window must start inside the input.</summary>
    private static long PooledWithCeil(long input, long pad, long window, long stride)
    {
        var size = ((input + (2 * pad) - window + stride - 1) / stride) + 1;
        return (size - 1) * stride >= input + pad ? size - 1 : size;
    }

    private void WarnDroppedCells(LayerSpec layer, long[] input, Dimension height, Dimension width, Pair stride)
    {
        if (height.Remainder == 0 && width.Remainder == 0)
        {
            return;
        }

        var parts = new List<string>();
        if (height.Remainder > 0)
        {
            parts.Add($"the last {height.Remainder} row{(height.Remainder == 1 ? string.Empty : "s")}");
        }

        if (width.Remainder > 0)
        {
            parts.Add($"the last {width.Remainder} column{(width.Remainder == 1 ? string.Empty : "s")}");
        }

        diagnostics.Add(DiagnosticIds.DropsRowsOrColumns, layer.Tagged.TypeSpan,
            $"{layer.Type} with stride {stride} on input {input[1]}x{input[2]} ignores {string.Join(" and ", parts)} (output {height.Size}x{width.Size}); use padding: same or an input size that fits the stride");
    }

    private void WarnUnusedBiasInit(LayerSpec layer, bool bias)
    {
        if (!bias && layer.Tagged.Get("bias_init") is { } biasInit)
        {
            diagnostics.Add(DiagnosticIds.UnusedSetting, biasInit.Span,
                $"bias_init has no effect because {layer.Type} has bias: false; remove one of them");
        }
    }

    private string Initializer(TaggedSpec layer, string key) =>
        Canonical(layer.Get(key)?.Text ?? (spec.Defaults.TryGetValue(key, out var value) ? value.Text : "default"));

    /// <summary>PyTorch's names for the same initialisers map onto Keras's.</summary>
    private static string Canonical(string initializer) => initializer switch
    {
        "xavier_uniform" => "glorot_uniform",
        "xavier_normal" => "glorot_normal",
        "kaiming_uniform" => "he_uniform",
        "kaiming_normal" => "he_normal",
        _ => initializer,
    };

    private static ActivationDefinition? ResolveActivation(TaggedSpec? activation)
    {
        if (activation is null)
        {
            return null;
        }

        return activation.Info.Name switch
        {
            "relu" => new ActivationDefinition(LayerKind.ReLU, 0, "none"),
            "leaky_relu" => new ActivationDefinition(LayerKind.LeakyReLU, activation.Get("slope")?.Number ?? 0.01, "none"),
            "elu" => new ActivationDefinition(LayerKind.ELU, activation.Get("alpha")?.Number ?? 1.0, "none"),
            "gelu" => new ActivationDefinition(LayerKind.GELU, 0, activation.Get("approximate")?.Text ?? "none"),
            "tanh" => new ActivationDefinition(LayerKind.Tanh, 0, "none"),
            "sigmoid" => new ActivationDefinition(LayerKind.Sigmoid, 0, "none"),
            "softmax" => new ActivationDefinition(LayerKind.Softmax, 0, "none"),
            _ => new ActivationDefinition(LayerKind.LogSoftmax, 0, "none"),
        };
    }

    private void CheckClasses(long[] output)
    {
        if (spec.Classes is null || layers.Count == 0)
        {
            return;
        }

        var classes = spec.Classes.Integer;
        var last = spec.Layers[layers.Count - 1];
        var producer = spec.Layers.Take(layers.Count).LastOrDefault(l => l.Type is "dense" or "conv2d") ?? last;
        if (output.Length != 1)
        {
            diagnostics.Add(DiagnosticIds.ClassesMismatch, last.Tagged.TypeSpan,
                $"the model outputs {FormatShape(output)} per sample, but classes: {classes} needs a flat [{classes}]; end with flatten and dense: {classes}");
        }
        else if (output[0] != classes)
        {
            var span = producer.Type == "dense" ? producer.Tagged.SpanOf("units") : producer.Tagged.TypeSpan;
            diagnostics.Add(DiagnosticIds.ClassesMismatch, span,
                $"the model outputs {output[0]} values per sample, but the spec declares classes: {classes}; give the last dense layer units: {classes}");
        }
    }

    private void CheckLoss(TrainingDefinition? training)
    {
        if (training is null || layers.Count == 0 || !spec.Training.TryGetValue("loss", out var lossValue))
        {
            return;
        }

        var last = layers[layers.Count - 1];
        var lastSpec = spec.Layers[layers.Count - 1];
        var lastActivation = last.Activation?.Kind ?? last.Kind;
        switch (training.Loss)
        {
            case "cross_entropy" when lastActivation == LayerKind.Softmax:
                diagnostics.Add(DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, lastSpec.Tagged.TypeSpan,
                    "the model ends with softmax, and loss cross_entropy applies log-softmax itself; the runtime trains on the output before the softmax (ForwardLogits), so softmax is not applied twice, while forward still returns probabilities. Say loss: categorical_cross_entropy to state this, or remove the softmax to make forward return logits");
                break;
            case "categorical_cross_entropy" when lastActivation != LayerKind.Softmax:
                diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss categorical_cross_entropy expects the model to end with softmax, but it ends with {last.SpecType}; the runtime treats the outputs as logits and applies log-softmax. Say loss: cross_entropy to state this, or end the model with softmax");
                break;
            case "nll" when lastActivation != LayerKind.LogSoftmax:
                diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss nll expects log-probabilities, but the model ends with {last.SpecType}, not log_softmax; the runtime uses the outputs as they are, which trains the wrong objective. End the model with log_softmax, or use loss: cross_entropy");
                break;
            case "binary_cross_entropy" when lastActivation != LayerKind.Sigmoid:
                diagnostics.Add(DiagnosticIds.LossExpectsProbabilities, lossValue.Span,
                    $"loss binary_cross_entropy expects probabilities in [0, 1], but the model ends with {last.SpecType}, not sigmoid; end the model with sigmoid");
                break;
        }
    }

    private void CheckDefaultsUsed()
    {
        foreach (var entry in spec.Defaults)
        {
            var used = spec.Layers.Any(l => l.Type is "conv2d" or "dense" && l.Tagged.Get(entry.Key) is null &&
                (entry.Key != "bias_init" || (l.Tagged.Get("bias")?.Boolean ?? true)));
            if (!used)
            {
                diagnostics.Add(DiagnosticIds.UnusedSetting, entry.Value.Span,
                    $"defaults.{entry.Key} is not used: no conv2d or dense layer relies on it; remove it");
            }
        }
    }

    private TrainingDefinition? InferTraining()
    {
        var optimizer = spec.Optimizer;
        var optimizerName = optimizer?.Info.Name ?? "adam";
        var lrDefault = SpecLanguage.Optimizers.First(o => o.Name == optimizerName).FindKey("lr")!.Default!;
        double Number(TaggedSpec? tagged, string key, double fallback) => tagged?.Get(key)?.Number ?? fallback;

        var epochs = spec.Training.TryGetValue("epochs", out var epochsValue) ? epochsValue.Integer : 1;
        var schedule = spec.Schedule;
        var scheduleName = schedule?.Info.Name ?? "constant";
        var momentum = Number(optimizer, "momentum", 0);
        var nesterov = optimizer?.Get("nesterov")?.Boolean ?? false;
        if (nesterov && momentum == 0)
        {
            diagnostics.Add(DiagnosticIds.ConflictingSettings, optimizer!.SpanOf("nesterov"),
                "nesterov: true needs momentum greater than 0 (PyTorch rejects it otherwise); add e.g. momentum: 0.9");
            return null;
        }

        if (schedule is not null && scheduleName is "exponential" or "step" && epochs == 1)
        {
            diagnostics.Add(DiagnosticIds.UnusedSetting, schedule.TypeSpan,
                $"the {scheduleName} schedule changes the learning rate between epochs, but epochs is 1; remove the schedule or train for more epochs");
        }
        else if (scheduleName == "step" && schedule!.Get("step_size") is { } stepSize && stepSize.Integer >= epochs)
        {
            // step_size is absent when it was missing or invalid; that has its own error.
            diagnostics.Add(DiagnosticIds.UnusedSetting, stepSize.Span,
                $"step_size {stepSize.Integer} is not less than epochs {epochs}, so the learning rate never decays; use a smaller step_size");
        }

        return new TrainingDefinition(
            optimizerName,
            Number(optimizer, "lr", double.Parse(lrDefault, CultureInfo.InvariantCulture)),
            scheduleName,
            spec.Training.TryGetValue("loss", out var loss) ? loss.Text : DefaultLoss(),
            spec.Training.TryGetValue("batch_size", out var batch) ? batch.Integer : 32,
            epochs)
        {
            Momentum = momentum,
            Nesterov = nesterov,
            WeightDecay = Number(optimizer, "weight_decay", optimizerName == "adamw" ? 0.01 : 0),
            Beta1 = Number(optimizer, "beta1", 0.9),
            Beta2 = Number(optimizer, "beta2", 0.999),
            Epsilon = Number(optimizer, "eps", 1e-8),
            Amsgrad = optimizer?.Get("amsgrad")?.Boolean ?? false,
            Alpha = Number(optimizer, "alpha", 0.99),
            Centered = optimizer?.Get("centered")?.Boolean ?? false,
            Gamma = Number(schedule, "gamma", 0.1),
            StepSize = schedule?.Get("step_size")?.Integer ?? 0,
            Period = schedule?.Get("period")?.Integer,
            MinLearningRate = Number(schedule, "min_lr", 0),
            NormalizeMean = NormalizeValues("mean", 0.5),
            NormalizeStd = NormalizeValues("std", 1.0),
        };
    }

    /// <summary>One value for all channels, or one per image channel.</summary>
    private EquatableArray<double> NormalizeValues(string key, double fallback)
    {
        if (!spec.Normalize.TryGetValue(key, out var value))
        {
            return EquatableArray.Create(fallback);
        }

        var values = (EquatableArray<double>)value.Value;
        var input = spec.Input is null ? default : (EquatableArray<long>)spec.Input.Value;
        var channels = input.Count == 3 ? input[0] : 1;
        if (values.Count != 1 && values.Count != channels)
        {
            diagnostics.Add(DiagnosticIds.ConflictingSettings, value.Span, input.Count == 3
                ? $"normalize.{key} has {values.Count} values, but the input has {channels} channels; give one value, or {channels}"
                : $"normalize.{key} has {values.Count} values, but a flat input has no channels; give one value");
        }

        return values;
    }

    /// <summary>Without a loss, pick the one the output layer implies, so no spec needs to say the obvious.</summary>
    private string DefaultLoss()
    {
        var last = spec.Layers.LastOrDefault();
        var lastType = last?.Activation?.Info.Name ?? last?.Type;
        return lastType switch
        {
            "softmax" => "categorical_cross_entropy",
            "log_softmax" => "nll",
            "sigmoid" => "binary_cross_entropy",
            _ => "cross_entropy",
        };
    }

    private static Size2 ToSize(Pair pair) => new(pair.Height, pair.Width);

    internal static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
