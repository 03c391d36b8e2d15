// The loss functions a spec can name. One source compiled into the compiler (its model) and the runtime (the generated
// Training settings name the member, and the trainer computes it), so the two can never drift apart.
#if MODELGEN_COMPILER
namespace ModelGen.Compiler.Model;
#else
namespace ModelGen;
#endif

/// <summary>The loss functions a spec can name.</summary>
public enum LossFunction
{
    /// <summary>
    /// Keras's categorical cross-entropy: the model outputs class probabilities (ends with softmax). The runtime
    /// computes it from the generated <c>ForwardLogits</c> with a fused log-softmax, which is stable.
    /// </summary>
    CategoricalCrossEntropy,

    /// <summary>PyTorch's cross-entropy: the model outputs logits; the loss applies log-softmax.</summary>
    CrossEntropy,

    /// <summary>Negative log-likelihood: the model outputs log-probabilities (ends with log_softmax).</summary>
    NegativeLogLikelihood,

    /// <summary>Binary cross-entropy on probabilities (the model ends with sigmoid).</summary>
    BinaryCrossEntropy,

    /// <summary>Mean squared error.</summary>
    MeanSquaredError,
}
