using System.Collections.Generic;

namespace ModelGen.Compiler.Model;

/// <summary>
/// The names the generated C# class reserves: what it refers to without qualification, and its own members. Decided
/// here, once: the C# emitter writes code that uses them, and the checks reject model and layer names that would hide
/// or clash with them.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>
    /// Simple names of types, namespaces and static classes the generated file uses unqualified (through its using
    /// directives). A model or layer with one of these names would hide it.
    /// </summary>
    public static IReadOnlyCollection<string> TypesAndNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // System, TorchSharp and its modules.
        "System", "TorchSharp", "ImmutableArray", "Tensor", "Module", "torch", "nn", "functional", "init", "NewDisposeScope", "nameof",
        "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "BatchNorm1d", "BatchNorm2d", "Dropout", "Flatten", "Linear",
        "ReLU", "LeakyReLU", "ELU", "GELU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax",

        // The ModelGen runtime.
        "ModelGen", "IGeneratedModel", "ModelOutputKind", "ShapeGuard", "ModelInputShapeException", "TrainingSettings", "LossFunction",
        "SgdSettings", "AdamSettings", "AdamWSettings", "AdamaxSettings", "RmsPropSettings", "InputNormalization",
        "ConstantSchedule", "ExponentialSchedule", "StepSchedule", "CosineSchedule",
        "EarlyStoppingSettings", "BestCheckpointSettings", "ReduceLearningRateSettings", "MonitoredMetric",

        // ModelGen.Architecture: the description of the network as data.
        "Architecture", "ModelArchitecture", "Layer", "Conv2dLayer", "Pool2dLayer", "GlobalAvgPool2dLayer", "BatchNormLayer", "DropoutLayer",
        "FlattenLayer", "DenseLayer", "ActivationLayer", "Activation", "ReluActivation", "LeakyReluActivation", "EluActivation", "GeluActivation",
        "TanhActivation", "SigmoidActivation", "SoftmaxActivation", "LogSoftmaxActivation", "Shape", "Size2", "Padding2d", "Initializer",
        "PoolingKind", "GeluApproximation",
    };

    /// <summary>
    /// Members of the generated class and of TorchSharp's Module that a layer field must not hide, plus the locals of
    /// the generated forward methods.
    /// </summary>
    public static IReadOnlyCollection<string> Members { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "forward", "ForwardLogits", "ModelName", "InputShape", "OutputShape", "ParameterCount", "MultiplyAdds", "Summary", "MermaidDiagram", "Training",
        "OutputKind", "Architecture", "ArchitectureHash", "ReferenceEquals",
        "input", "x", "logits", "scope",
        "training", "train", "eval", "to", "cpu", "cuda", "half", "bfloat16", "@float", "@double", "parameters", "named_parameters",
        "modules", "named_modules", "children", "named_children", "buffers", "named_buffers", "state_dict", "load_state_dict",
        "load", "save", "apply", "zero_grad", "register_buffer", "register_parameter", "register_module", "RegisterComponents",
        "GetName", "Dispose", "call", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "handle",
        "get_buffer", "get_parameter", "get_submodule", "register_forward_hook", "register_forward_pre_hook", "name", "device",
    };
}
