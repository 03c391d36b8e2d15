using System.Linq;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Language;

/// <summary>The keys at the top of a spec and in its <c>defaults:</c>, <c>training:</c> and <c>normalize:</c> sections.</summary>
internal static class SpecKeys
{
    public static readonly KeyInfo Model =
        new("model", ValueKind.Identifier, "The name of the generated C# class.", Required: true, Example: "Cifar10Cnn");

    public static readonly KeyInfo Namespace =
        new("namespace", ValueKind.Namespace, "The namespace of the generated class (default: the project's root namespace).", Example: "MyCompany.Models");

    public static readonly KeyInfo Description =
        new("description", ValueKind.Text, "A sentence about the model, copied into the class's documentation.", Example: "A small CNN for CIFAR-10.");

    public static readonly KeyInfo Input =
        new("input", ValueKind.Shape, "The shape of one input sample: [channels, height, width] for images or [features].", Required: true, Example: "[3, 32, 32]");

    public static readonly KeyInfo Classes =
        new("classes", ValueKind.Integer, "Number of classes; the last layer must output exactly this many values.", Min: 1, Max: SpecLanguage.MaxSize, Example: "10");

    public static readonly KeyInfo Defaults =
        new("defaults", ValueKind.Text, "Model-wide defaults for layer settings: weight_init, bias_init.", Example: "{weight_init: he_uniform, bias_init: zeros}");

    public static readonly KeyInfo Layers =
        new("layers", ValueKind.Text, "The layers, first to last.", Required: true, Example: "[flatten, {dense: 10}, softmax]");

    public static readonly KeyInfo Training =
        new("training", ValueKind.Text, "How to train the model: optimizer, schedule, loss, batch_size, epochs, validation_split, callbacks.", Example: "{optimizer: {adamax: 0.005}, batch_size: 64, epochs: 10}");

    public static readonly KeyInfo DefaultWeightInit =
        new("weight_init", ValueKind.Choice, "Initialiser of every conv2d and dense weight that does not set its own.", Default: "default", Choices: Choices.Initializers, Example: "he_uniform");

    public static readonly KeyInfo DefaultBiasInit =
        new("bias_init", ValueKind.Choice, "Initialiser of every conv2d and dense bias that does not set its own.", Default: "default", Choices: Choices.BiasInitializers, Example: "zeros");

    public static readonly KeyInfo Optimizer =
        new("optimizer", ValueKind.Text, "sgd, adam, adamw, adamax or rmsprop, with its settings.", Default: "adam", Example: "{adamax: 0.005}");

    public static readonly KeyInfo Schedule =
        new("schedule", ValueKind.Text, "How the learning rate changes: per epoch constant, exponential, step or cosine; per step linear, one_cycle or piecewise_linear.",
            Default: "constant", Example: "{exponential: 0.9}");

    /// <summary>Documented default: a model ending with softmax. The binder derives it from the final activation (<see cref="SpecLanguage.DefaultLoss"/>).</summary>
    public static readonly KeyInfo Loss =
        new("loss", ValueKind.Choice, "The loss function.", Default: "categorical_cross_entropy", Choices: Choices.Losses, Example: "cross_entropy");

    public static readonly KeyInfo BatchSize =
        new("batch_size", ValueKind.Integer, "Samples per training step.", Default: "32", Min: 1, Max: SpecLanguage.MaxSize, Example: "64");

    public static readonly KeyInfo Epochs =
        new("epochs", ValueKind.Integer, "Passes over the training data.", Default: "1", Min: 1, Max: SpecLanguage.MaxSize, Example: "10");

    public static readonly KeyInfo ValidationSplit =
        new("validation_split", ValueKind.Number, "The fraction of the training data held out to validate on after every epoch (a seeded random choice; 0: none).", Default: "0", Min: 0, Max: 1, MaxExclusive: true, Example: "0.2");

    public static readonly KeyInfo EarlyStopping =
        new("early_stopping", ValueKind.Text, "Stop training when a figure stops improving (Keras's EarlyStopping): monitor, patience, min_delta, restore_best.", Example: "{monitor: val_loss, patience: 5}");

    public static readonly KeyInfo BestCheckpoint =
        new("best_checkpoint", ValueKind.Text, "Save the model as best.mgm whenever a figure reaches a new best (Keras's ModelCheckpoint with save_best_only): monitor.", Example: "{monitor: val_accuracy}");

    public static readonly KeyInfo ReduceLearningRateOnPlateau =
        new("reduce_lr_on_plateau", ValueKind.Text, "Lower the learning rate when a figure stops improving (Keras's ReduceLROnPlateau): monitor, factor, patience, min_delta, min_lr.", Example: "{factor: 0.5, patience: 3}");

    public static readonly KeyInfo Normalize =
        new("normalize", ValueKind.Text, "How raw 8-bit inputs are scaled: (x / 255 - mean) / std, per channel. Default: mean 0.5, std 1, as the Keras CIFAR-10 tutorial.", Example: "{mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.243, 0.261]}");

    public static readonly KeyInfo Mean =
        new("mean", ValueKind.Numbers, "Subtracted from x / 255: one number, or one per channel.", Default: "0.5", Min: -SpecLanguage.MaxSize, Max: SpecLanguage.MaxSize, Example: "[0.4914, 0.4822, 0.4465]");

    public static readonly KeyInfo LabelSmoothing =
        new("label_smoothing", ValueKind.Number, "Mixes the one-hot targets with the uniform distribution: 1 - label_smoothing on the true class (PyTorch's and Keras's definition).",
            Default: "0", Min: 0, Max: 1, MaxExclusive: true, Example: "0.1");

    public static readonly KeyInfo Augment =
        new("augment", ValueKind.Text, "Random changes to training images, applied to the 8-bit batches in this order: crop, flip, cutout.", Example: "{crop: 4, flip: random}");

    public static readonly KeyInfo ParameterGroups =
        new("parameter_groups", ValueKind.Text, "Learning-rate scale and weight decay for batch_norm parameters and for biases.", Example: "{batch_norm: {weight_decay: 0}, bias: {weight_decay: 0}}");

    public static readonly KeyInfo Ema =
        new("ema", ValueKind.Text, "An exponential moving average of the weights, which evaluation and the saved model use.", Example: "{decay: 0.999, every: 5}");

    public static readonly KeyInfo TestTimeAugmentation =
        new("test_time_augmentation", ValueKind.Choice,
            "none; flip: evaluation and prediction average the outputs for each image and its mirror image; flip_translate: half of that " +
            "and half the same for the image moved by one pixel down-right and up-left (reflected edges), airbench's six views.",
            Default: "none", Choices: Choices.TestTimeAugmentations, Example: "flip");

    public static readonly KeyInfo Std =
        new("std", ValueKind.Numbers, "Divides (x / 255 - mean): one number, or one per channel.", Default: "1.0", Min: 0, Max: SpecLanguage.MaxSize, MinExclusive: true, Example: "0.25");
}

/// <summary>
/// The spec language in one place: every section, layer type, key, value kind, range, default and choice. The parser
/// validates against it, the binder takes defaults and meanings from it, and documentation, the editor schema and
/// the emitters' names derive from it.
/// </summary>
internal static class SpecLanguage
{
    public const double MaxSize = 1_000_000;

    public static IReadOnlyList<string> Initializers => Choices.Initializers;

    public static IReadOnlyList<string> BiasInitializers => Choices.BiasInitializers;

    public static IReadOnlyList<string> Losses => Choices.Losses;

    public static IReadOnlyList<TaggedInfo<ActivationType>> Activations => ActivationCatalogue.All;

    public static IReadOnlyList<TaggedInfo> Layers => LayerCatalogue.All;

    public static IReadOnlyList<TaggedInfo<OptimizerKind>> Optimizers => TrainingCatalogue.Optimizers;

    public static IReadOnlyList<TaggedInfo<ScheduleKind>> Schedules => TrainingCatalogue.Schedules;

    public static readonly IReadOnlyList<KeyInfo> RootKeys = new[]
    {
        SpecKeys.Model, SpecKeys.Namespace, SpecKeys.Description, SpecKeys.Input, SpecKeys.Classes, SpecKeys.Defaults, SpecKeys.Layers, SpecKeys.Training,
    };

    public static readonly IReadOnlyList<KeyInfo> DefaultsKeys = new[] { SpecKeys.DefaultWeightInit, SpecKeys.DefaultBiasInit };

    public static readonly IReadOnlyList<KeyInfo> TrainingKeys = new[]
    {
        SpecKeys.Optimizer, SpecKeys.Schedule, SpecKeys.Loss, SpecKeys.BatchSize, SpecKeys.Epochs, SpecKeys.Normalize,
        SpecKeys.LabelSmoothing, SpecKeys.Augment, SpecKeys.ParameterGroups, SpecKeys.Ema, SpecKeys.TestTimeAugmentation,
        SpecKeys.ValidationSplit, SpecKeys.EarlyStopping, SpecKeys.BestCheckpoint, SpecKeys.ReduceLearningRateOnPlateau,
    };

    /// <summary>The callback sections of <c>training:</c>, each with its keys.</summary>
    public static readonly IReadOnlyDictionary<KeyInfo, IReadOnlyList<KeyInfo>> CallbackSections = new Dictionary<KeyInfo, IReadOnlyList<KeyInfo>>
    {
        [SpecKeys.EarlyStopping] = CallbackKeys.EarlyStopping,
        [SpecKeys.BestCheckpoint] = CallbackKeys.BestCheckpoint,
        [SpecKeys.ReduceLearningRateOnPlateau] = CallbackKeys.ReduceLearningRateOnPlateau,
    };

    public static readonly IReadOnlyList<KeyInfo> NormalizeKeys = new[] { SpecKeys.Mean, SpecKeys.Std };

    /// <summary>Without a loss, the one the output implies, so no spec needs to say the obvious.</summary>
    public static LossFunction DefaultLoss(Activation? finalActivation) => finalActivation switch
    {
        SoftmaxActivation => LossFunction.CategoricalCrossEntropy,
        LogSoftmaxActivation => LossFunction.NegativeLogLikelihood,
        SigmoidActivation => LossFunction.BinaryCrossEntropy,
        _ => LossFunction.CrossEntropy,
    };

    /// <summary>Names people bring from Keras or PyTorch, mapped to ours, for "did you mean" hints.</summary>
    public static readonly IReadOnlyDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["conv2d"] = "conv2d", ["convolution2d"] = "conv2d", ["conv"] = "conv2d",
        ["maxpooling2d"] = "max_pool2d", ["maxpool2d"] = "max_pool2d", ["maxpool"] = "max_pool2d",
        ["averagepooling2d"] = "avg_pool2d", ["avgpool2d"] = "avg_pool2d",
        ["globalaveragepooling2d"] = "global_avg_pool2d", ["adaptiveavgpool2d"] = "global_avg_pool2d",
        ["batchnormalization"] = "batch_norm", ["batchnorm2d"] = "batch_norm", ["batchnorm1d"] = "batch_norm",
        ["linear"] = "dense", ["fc"] = "dense",
        ["leakyrelu"] = "leaky_relu", ["logsoftmax"] = "log_softmax",
        ["kernel_size"] = "kernel", ["pool_size"] = "size", ["strides"] = "stride", ["dilation_rate"] = "dilation",
        ["out_channels"] = "filters", ["out_features"] = "units", ["use_bias"] = "bias",
        ["kernel_initializer"] = "weight_init", ["bias_initializer"] = "bias_init",
        ["negative_slope"] = "slope", ["p"] = "rate", ["learning_rate"] = "lr", ["rho"] = "alpha",
        ["epsilon"] = "eps", ["input_shape"] = "input", ["num_classes"] = "classes", ["name_space"] = "namespace",
        ["categorical_crossentropy"] = "categorical_cross_entropy", ["sparse_categorical_crossentropy"] = "categorical_cross_entropy",
        ["sparse_categorical_cross_entropy"] = "categorical_cross_entropy", ["crossentropy"] = "cross_entropy",
        ["binary_crossentropy"] = "binary_cross_entropy", ["mean_squared_error"] = "mse",
        ["earlystopping"] = "early_stopping", ["modelcheckpoint"] = "best_checkpoint", ["checkpoint"] = "best_checkpoint",
        ["reducelronplateau"] = "reduce_lr_on_plateau", ["restore_best_weights"] = "restore_best", ["val_acc"] = "val_accuracy",
        ["acc"] = "accuracy", ["val_mean_absolute_error"] = "val_mae", ["mean_absolute_error"] = "mae",
        ["xavier"] = "glorot_uniform", ["glorot"] = "glorot_uniform", ["kaiming"] = "he_uniform", ["he"] = "he_uniform",
        ["augmentation"] = "augment", ["data_augmentation"] = "augment", ["randomcrop"] = "crop", ["random_crop"] = "crop",
        ["translate"] = "crop", ["randomflip"] = "flip", ["random_flip"] = "flip", ["horizontal_flip"] = "flip",
        ["tta"] = "test_time_augmentation", ["onecycle"] = "one_cycle", ["onecyclelr"] = "one_cycle", ["linearlr"] = "linear",
        ["param_groups"] = "parameter_groups", ["smoothing"] = "label_smoothing", ["warmup_fraction"] = "warmup",
    };

    public static TaggedInfo? FindLayer(string name) => Layers.FirstOrDefault(layer => layer.Name == name);
}
