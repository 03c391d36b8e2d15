using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// A generated model with layers computed from training data before training (a <c>whitening</c> layer). The
/// trainer calls <see cref="Adapt"/> once, before the first epoch of a fresh run, with the first
/// <see cref="AdaptationSampleCount"/> training samples as the model takes them (normalised, in stored order, not
/// augmented); a resumed run does not, as the checkpoint holds the computed weights. What is computed, and from how
/// many samples, is the model's to decide: the trainer only supplies the data.
/// </summary>
public interface IDataAdaptedModel
{
    /// <summary>How many training samples <see cref="Adapt"/> wants (it gets fewer when the training data has fewer).</summary>
    long AdaptationSampleCount { get; }

    /// <summary>
    /// Computes the data-adapted weights from <paramref name="samples"/>, a batch shaped as forward's input, on the
    /// model's device.
    /// </summary>
    void Adapt(Tensor samples);
}
