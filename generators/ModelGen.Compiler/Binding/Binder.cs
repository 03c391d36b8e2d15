using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Language;
using ModelGen.Compiler.Model;
using ModelGen.Compiler.Parsing;

namespace ModelGen.Compiler.Binding;

/// <summary>
/// Binds a parsed spec to the model's types: layer by layer into one record per kind, with every setting that was not
/// written taken from the language catalogue (or the spec's <c>defaults:</c>), and the training section into typed
/// optimizer, schedule and loss. Binding reports nothing: what was written is valid by now, and what depends on shapes
/// or on several settings together is for the checks.
/// </summary>
internal static class Binder
{
    public static BoundSpec Bind(SpecSyntax syntax, string defaultNamespace)
    {
        var typeCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var layers = new List<BoundLayer>();
        foreach (var layer in syntax.CompleteLayers)
        {
            typeCounts.TryGetValue(layer.Type, out var count);
            typeCounts[layer.Type] = ++count;
            var name = layer.Tagged.Settings.Get<TextValue>(LayerKeys.Name)?.Value
                ?? layer.Tagged.Info.MemberPrefix + count.ToString(CultureInfo.InvariantCulture);
            layers.Add(new BoundLayer(BindLayer(layer.Tagged, name, syntax.Defaults), layer));
        }

        return new BoundSpec(syntax, syntax.Namespace?.Value ?? defaultNamespace, layers, TrainingBinder.Bind(syntax, layers));
    }

    private static Layer BindLayer(TaggedSyntax tagged, string name, Settings modelDefaults)
    {
        var s = tagged.Settings;
        switch (tagged.Info)
        {
            case TaggedInfo<ActivationType>:
                return new ActivationLayer(name, BindActivation(tagged));
            case TaggedInfo<LayerType> layer:
                return layer.Kind switch
                {
                    LayerType.Conv2d => new Conv2dLayer(
                        name,
                        Required<IntegerValue>(s, LayerKeys.Filters).Value,
                        Required<PairValue>(s, LayerKeys.Kernel).Value,
                        Pair(s, LayerKeys.ConvStride),
                        Padding(s, LayerKeys.ConvPadding),
                        Pair(s, LayerKeys.Dilation),
                        Boolean(s, LayerKeys.Bias),
                        Activation(s),
                        Initializer(s, LayerKeys.WeightInit, modelDefaults, SpecKeys.DefaultWeightInit, Choices.Initializers),
                        Initializer(s, LayerKeys.BiasInit, modelDefaults, SpecKeys.DefaultBiasInit, Choices.BiasInitializers)),
                    LayerType.MaxPool2d or LayerType.AvgPool2d => Pool(name, s, layer.Kind == LayerType.MaxPool2d ? PoolingKind.Max : PoolingKind.Average),
                    LayerType.GlobalAvgPool2d => new GlobalAvgPool2dLayer(name),
                    LayerType.BatchNorm => new BatchNormLayer(
                        name, Number(s, LayerKeys.Momentum), Number(s, LayerKeys.Epsilon), Boolean(s, LayerKeys.Scale), Boolean(s, LayerKeys.Center)),
                    LayerType.Dropout => new DropoutLayer(name, Required<NumberValue>(s, LayerKeys.Rate).Value),
                    LayerType.Flatten => new FlattenLayer(name),
                    LayerType.Dense => new DenseLayer(
                        name,
                        Required<IntegerValue>(s, LayerKeys.Units).Value,
                        Boolean(s, LayerKeys.Bias),
                        Activation(s),
                        Initializer(s, LayerKeys.WeightInit, modelDefaults, SpecKeys.DefaultWeightInit, Choices.Initializers),
                        Initializer(s, LayerKeys.BiasInit, modelDefaults, SpecKeys.DefaultBiasInit, Choices.BiasInitializers)),
                    LayerType.Rescaling => new RescalingLayer(name, Required<NumberValue>(s, LayerKeys.RescaleFactor).Value, Number(s, LayerKeys.Offset)),
                    LayerType.Whitening => new WhiteningLayer(
                        name, Pair(s, LayerKeys.WhiteningKernel), Number(s, LayerKeys.WhiteningEpsilon), Integer(s, LayerKeys.WhiteningImages)),
                    _ => throw Unexpected.Value(layer.Kind),
                };
            default:
                throw Unexpected.Value(tagged.Info.Name);
        }
    }

    /// <summary>Pooling's stride defaults to its window, as in Keras; the catalogue documents it without a value.</summary>
    private static Pool2dLayer Pool(string name, Settings s, PoolingKind pooling)
    {
        var size = Pair(s, LayerKeys.PoolSize);
        return new Pool2dLayer(name, pooling, size, s.Get<PairValue>(LayerKeys.PoolStride)?.Value ?? size, Padding(s, LayerKeys.PoolPadding));
    }

    public static Activation BindActivation(TaggedSyntax tagged)
    {
        var s = tagged.Settings;
        var info = tagged.Info as TaggedInfo<ActivationType> ?? throw Unexpected.Value(tagged.Info.Name);
        return info.Kind switch
        {
            ActivationType.Relu => new ReluActivation(),
            ActivationType.LeakyRelu => new LeakyReluActivation(Number(s, LayerKeys.Slope)),
            ActivationType.Elu => new EluActivation(Number(s, LayerKeys.Alpha)),
            ActivationType.Gelu => new GeluActivation(Choice(s, LayerKeys.Approximate, Choices.GeluApproximations)),
            ActivationType.Tanh => new TanhActivation(),
            ActivationType.Sigmoid => new SigmoidActivation(),
            ActivationType.Softmax => new SoftmaxActivation(),
            ActivationType.LogSoftmax => new LogSoftmaxActivation(),
            _ => throw Unexpected.Value(info.Kind),
        };
    }

    private static Activation? Activation(Settings s) =>
        s.Get<ActivationValue>(LayerKeys.Activation) is { } value ? BindActivation(value.Activation) : null;

    /// <summary>The layer's own setting, else the spec's <c>defaults:</c>, else the catalogue's default.</summary>
    private static Initializer Initializer(Settings s, KeyInfo key, Settings modelDefaults, KeyInfo defaultsKey, ChoiceSet<Initializer> choices) =>
        (s.Get<ChoiceValue>(key) ?? modelDefaults.Get<ChoiceValue>(defaultsKey)) is { } written ? choices[written.Name] : Defaults.Choice(defaultsKey, choices);

    /// <summary>A required key of a layer that was read completely: the parser guarantees it is there.</summary>
    private static T Required<T>(Settings s, KeyInfo key)
        where T : SettingValue =>
        s.Get<T>(key) ?? throw new InvalidOperationException($"the required '{key.Name}' is missing from a layer that parsed without errors");

    internal static double Number(Settings s, KeyInfo key) => s.Get<NumberValue>(key)?.Value ?? Defaults.Number(key);

    internal static long Integer(Settings s, KeyInfo key) => s.Get<IntegerValue>(key)?.Value ?? Defaults.Integer(key);

    internal static bool Boolean(Settings s, KeyInfo key) => s.Get<BooleanValue>(key)?.Value ?? Defaults.Boolean(key);

    internal static T Choice<T>(Settings s, KeyInfo key, ChoiceSet<T> choices) =>
        s.Get<ChoiceValue>(key) is { } written ? choices[written.Name] : Defaults.Choice(key, choices);

    private static Size2 Pair(Settings s, KeyInfo key) => s.Get<PairValue>(key)?.Value ?? Size2.Of(Defaults.Integer(key));

    private static Padding Padding(Settings s, KeyInfo key) =>
        s.Get<PaddingValue>(key)?.Value ?? new Padding(Defaults.Choice(key, Choices.PaddingModes), default);
}
