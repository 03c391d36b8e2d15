using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Formats;

/// <summary>
/// A trained model opened for inference, in whichever runtime its file format needs (TorchSharp for <c>.mgm</c>,
/// ONNX Runtime for <c>.onnx</c>). Evaluation and prediction go through this, so every format is measured and
/// reported by the same code.
/// </summary>
public interface IInferenceModel : IDisposable
{
    /// <summary>What the file says about the model (name, architecture hash, epochs trained, ...).</summary>
    ModelFileHeader Header { get; }

    /// <summary>
    /// What the generated model's <c>forward</c> returns (its <c>OutputKind</c>) for a batch of inputs as a data set
    /// holds them: uint8 images <c>[N, C, H, W]</c>, which the model scales with its spec's normalisation, or float32
    /// features <c>[N, ...]</c>, used as they are. The result is float32 on the CPU, in the caller's dispose scope.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs' type or shape does not fit the model.</exception>
    Tensor Forward(Tensor inputs);
}
