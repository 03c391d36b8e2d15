// Enumerations of the training recipe (augmentation, schedules, evaluation). One source compiled into the compiler
// (its model) and the runtime (the generated Training settings name the members, the trainer acts on them).
#if MODELGEN_COMPILER
namespace ModelGen.Compiler.Model;
#else
namespace ModelGen;
#endif

/// <summary>How training images are mirrored left to right.</summary>
public enum FlipMode
{
    /// <summary>Each image is mirrored with probability 1/2, drawn afresh every epoch.</summary>
    Random,

    /// <summary>
    /// Each image is mirrored at random in the first epoch and in every other epoch the opposite way to the epoch
    /// before (airbench's alternating flip): every image is seen both ways in any two consecutive epochs.
    /// </summary>
    Alternate,
}

/// <summary>What fills the border a random crop reveals.</summary>
public enum CropFill
{
    /// <summary>The image mirrored at its edge, without repeating the edge pixel (PyTorch's reflect padding).</summary>
    Reflect,

    /// <summary>Zero bytes (black) before normalisation.</summary>
    Zeros,
}

/// <summary>How the one-cycle schedule moves between its learning rates.</summary>
public enum AnnealStrategy
{
    /// <summary>Along half a cosine (PyTorch's default).</summary>
    Cosine,

    /// <summary>Along a straight line.</summary>
    Linear,
}

/// <summary>Which views of an image evaluation and prediction average the model's outputs over.</summary>
public enum TestTimeAugmentation
{
    /// <summary>The image as it is.</summary>
    None,

    /// <summary>The image and its mirror image; the outputs (logits or probabilities) are averaged.</summary>
    Flip,

    /// <summary>
    /// airbench's six views: half the weight on the image and its mirror image, a quarter on the image moved one pixel
    /// down and right and a quarter on it moved one pixel up and left (edges reflected), each with its mirror image.
    /// </summary>
    FlipTranslate,
}
