using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Language;

/// <summary>The augmentations <c>training: augment:</c> can name.</summary>
internal enum AugmentKind
{
    Crop,
    Flip,
    Cutout,
}

/// <summary>The parameter groups <c>training: parameter_groups:</c> can tune.</summary>
internal enum ParameterGroupKind
{
    BatchNorm,
    Bias,
}

/// <summary>The keys of the training recipe's sections: augmentations, parameter groups and the weight average.</summary>
internal static class RecipeKeys
{
    public static readonly KeyInfo CropPadding =
        new("padding", ValueKind.Integer, "Pixels added on every side before a random crop of the original size: a random translation by up to this many pixels.",
            Required: true, Min: 1, Max: SpecLanguage.MaxSize, Example: "4");

    public static readonly KeyInfo CropFill =
        new("fill", ValueKind.Choice, "What fills the revealed border: reflect (the mirrored image) or zeros (black).", Default: "reflect", Choices: Choices.CropFills, Example: "zeros");

    public static readonly KeyInfo FlipMode =
        new("mode", ValueKind.Choice, "random (each image with probability 1/2, every epoch) or alternate (random in the first epoch, then the opposite of the epoch before).",
            Default: "random", Choices: Choices.FlipModes, Example: "alternate");

    public static readonly KeyInfo CutoutSize =
        new("size", ValueKind.Integer, "The side of the square set to the mean colour, centred at a random pixel and clipped at the edges.",
            Required: true, Min: 1, Max: SpecLanguage.MaxSize, Example: "8");

    public static readonly KeyInfo LearningRateScale =
        new("lr_scale", ValueKind.Number, "Multiplies the learning rate (and its schedule) for this group.", Default: "1", Min: 0, Max: SpecLanguage.MaxSize, Example: "64");

    public static readonly KeyInfo GroupWeightDecay =
        new("weight_decay", ValueKind.Number, "The group's weight decay (default: the optimizer's); 0 spares the group.", Min: 0, Max: SpecLanguage.MaxSize, Example: "0");

    public static readonly KeyInfo EmaDecay =
        new("decay", ValueKind.Number, "Weight of the old average at each update: average = decay x average + (1 - decay) x weights.",
            Required: true, Min: 0, Max: 1, MinExclusive: true, MaxExclusive: true, Example: "0.999");

    public static readonly KeyInfo EmaEvery =
        new("every", ValueKind.Integer, "Optimisation steps between two updates of the average.", Default: "1", Min: 1, Max: SpecLanguage.MaxSize, Example: "5");
}

/// <summary>The augmentations and parameter groups, in the order documentation lists them (and augmentation applies them).</summary>
internal static class RecipeCatalogue
{
    public static readonly TaggedInfo<AugmentKind> Crop = new(AugmentKind.Crop, "crop",
        "Random crop of the padded image (a random translation by up to padding pixels), as torchvision's RandomCrop(size, padding).",
        new[] { RecipeKeys.CropPadding, RecipeKeys.CropFill }, RecipeKeys.CropPadding, example: "crop: {padding: 4, fill: reflect}");

    public static readonly TaggedInfo<AugmentKind> Flip = new(AugmentKind.Flip, "flip", "Mirrors images left to right.",
        new[] { RecipeKeys.FlipMode }, RecipeKeys.FlipMode, example: "flip: random");

    public static readonly TaggedInfo<AugmentKind> Cutout = new(AugmentKind.Cutout, "cutout",
        "Sets a random square of each image to the mean colour (DeVries and Taylor's cutout).",
        new[] { RecipeKeys.CutoutSize }, RecipeKeys.CutoutSize, example: "cutout: 8");

    public static readonly IReadOnlyList<TaggedInfo<AugmentKind>> Augmentations = new[] { Crop, Flip, Cutout };

    public static readonly TaggedInfo<ParameterGroupKind> BatchNormGroup = new(ParameterGroupKind.BatchNorm, "batch_norm",
        "The weights and biases of every batch_norm layer.", new[] { RecipeKeys.LearningRateScale, RecipeKeys.GroupWeightDecay },
        example: "batch_norm: {weight_decay: 0}");

    public static readonly TaggedInfo<ParameterGroupKind> BiasGroup = new(ParameterGroupKind.Bias, "bias",
        "The biases of every conv2d and dense layer.", new[] { RecipeKeys.LearningRateScale, RecipeKeys.GroupWeightDecay },
        example: "bias: {weight_decay: 0}");

    public static readonly IReadOnlyList<TaggedInfo<ParameterGroupKind>> ParameterGroups = new[] { BatchNormGroup, BiasGroup };

    public static readonly IReadOnlyList<KeyInfo> EmaKeys = new[] { RecipeKeys.EmaDecay, RecipeKeys.EmaEvery };
}
