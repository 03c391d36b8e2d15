using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Language;

/// <summary>The values of the catalogue's choice keys, each name mapped to what it means in the model.</summary>
internal static class Choices
{
    /// <summary>Keras's names first; PyTorch's names for the same initialisers map onto them.</summary>
    public static readonly ChoiceSet<Initializer> Initializers = new(
        ("default", Initializer.Default),
        ("glorot_uniform", Initializer.GlorotUniform),
        ("glorot_normal", Initializer.GlorotNormal),
        ("he_uniform", Initializer.HeUniform),
        ("he_normal", Initializer.HeNormal),
        ("xavier_uniform", Initializer.GlorotUniform),
        ("xavier_normal", Initializer.GlorotNormal),
        ("kaiming_uniform", Initializer.HeUniform),
        ("kaiming_normal", Initializer.HeNormal),
        ("zeros", Initializer.Zeros),
        ("ones", Initializer.Ones));

    /// <summary>Fan-based initialisers need a 2-D weight, so a bias takes only these.</summary>
    public static readonly ChoiceSet<Initializer> BiasInitializers = new(
        ("default", Initializer.Default),
        ("zeros", Initializer.Zeros),
        ("ones", Initializer.Ones));

    public static readonly ChoiceSet<LossFunction> Losses = new(
        ("categorical_cross_entropy", LossFunction.CategoricalCrossEntropy),
        ("cross_entropy", LossFunction.CrossEntropy),
        ("nll", LossFunction.NegativeLogLikelihood),
        ("binary_cross_entropy", LossFunction.BinaryCrossEntropy),
        ("mse", LossFunction.MeanSquaredError));

    /// <summary>The padding words; a padding can also be a number or [height, width] (explicit).</summary>
    public static readonly ChoiceSet<PaddingMode> PaddingModes = new(
        ("same", PaddingMode.Same),
        ("valid", PaddingMode.Valid));

    /// <summary>Keras's names for the figures a callback watches (its <c>monitor</c>).</summary>
    public static readonly ChoiceSet<MonitoredMetric> Monitors = new(MonitoredMetricNames.All);

    public static readonly ChoiceSet<GeluApproximation> GeluApproximations = new(
        ("none", GeluApproximation.None),
        ("tanh", GeluApproximation.Tanh));

    public static readonly ChoiceSet<FlipMode> FlipModes = new(
        ("random", FlipMode.Random),
        ("alternate", FlipMode.Alternate));

    public static readonly ChoiceSet<CropFill> CropFills = new(
        ("reflect", CropFill.Reflect),
        ("zeros", CropFill.Zeros));

    /// <summary>PyTorch's names (OneCycleLR's anneal_strategy).</summary>
    public static readonly ChoiceSet<AnnealStrategy> AnnealStrategies = new(
        ("cos", AnnealStrategy.Cosine),
        ("linear", AnnealStrategy.Linear));

    public static readonly ChoiceSet<TestTimeAugmentation> TestTimeAugmentations = new(
        ("none", TestTimeAugmentation.None),
        ("flip", TestTimeAugmentation.Flip),
        ("flip_translate", TestTimeAugmentation.FlipTranslate));
}
