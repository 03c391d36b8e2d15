// The settings of layers that both sides name: the compiler's model holds them, the generated Architecture writes their
// members, the runtime's records carry them. One source compiled into the compiler and the runtime, so the generated
// code can only name members that exist.
#if MODELGEN_COMPILER
namespace ModelGen.Compiler.Model;
#else
namespace ModelGen.Architecture;
#endif

/// <summary>How a weight or bias tensor was initialised.</summary>
public enum Initializer
{
    /// <summary>TorchSharp's own default for the layer.</summary>
    Default,

    /// <summary>Glorot (Xavier) uniform.</summary>
    GlorotUniform,

    /// <summary>Glorot (Xavier) normal.</summary>
    GlorotNormal,

    /// <summary>He (Kaiming) uniform.</summary>
    HeUniform,

    /// <summary>He (Kaiming) normal.</summary>
    HeNormal,

    /// <summary>All zeros.</summary>
    Zeros,

    /// <summary>All ones.</summary>
    Ones,
}

/// <summary>What a pooling window computes.</summary>
public enum PoolingKind
{
    /// <summary>The largest value in the window.</summary>
    Max,

    /// <summary>The mean of the window.</summary>
    Average,
}

/// <summary>Which GELU: exact (erf) or the tanh approximation.</summary>
public enum GeluApproximation
{
    /// <summary>Exact, with erf.</summary>
    None,

    /// <summary>The tanh approximation.</summary>
    Tanh,
}
