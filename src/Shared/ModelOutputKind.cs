// What a generated model's forward returns. One source compiled into two assemblies: the compiler (its model decides
// the kind) and the runtime (the generated code names the kind's member, and training follows it), so the two can
// never name different members.
#if MODELGEN_COMPILER
namespace ModelGen.Compiler.Model;
#else
namespace ModelGen;
#endif

/// <summary>
/// What a generated model's <c>forward</c> returns. The compiler decides it once, from the last layer and the loss,
/// and training, evaluation and prediction follow it: which targets the loss gets, how outputs become predictions,
/// and which metrics a run reports (accuracy for the classifiers, mean squared and absolute error for regression).
/// </summary>
public enum ModelOutputKind
{
    /// <summary>Class probabilities: the model ends with softmax. <c>ForwardLogits</c> returns the scores before it.</summary>
    Probabilities,

    /// <summary>Unnormalised class scores (logits): no final activation, and a classification loss.</summary>
    Logits,

    /// <summary>Log-probabilities of the classes: the model ends with log_softmax (the nll loss expects these).</summary>
    LogProbabilities,

    /// <summary>
    /// Independent probabilities in [0, 1], one per output: the model ends with sigmoid. One output is a binary
    /// classifier (class 1 when the probability is above 0.5).
    /// </summary>
    Sigmoid,

    /// <summary>Real-valued predictions: no final activation, and a regression loss (mse). Targets are float values.</summary>
    Regression,
}
