namespace ModelGen.Compiler.Diagnostics;

/// <summary>The stable IDs of every ModelGen diagnostic. MG0xxx are errors, MG1xxx warnings.</summary>
public static class DiagnosticIds
{
    public const string YamlSyntax = "MG0001";
    public const string InvalidStructure = "MG0002";
    public const string MissingValue = "MG0003";
    public const string UnknownKey = "MG0004";
    public const string UnknownLayerType = "MG0005";
    public const string WrongType = "MG0006";
    public const string OutOfRange = "MG0007";
    public const string InvalidInputShape = "MG0008";
    public const string WindowLargerThanInput = "MG0009";
    public const string SpatialSizeZero = "MG0010";
    public const string DenseNeedsFlatten = "MG0011";
    public const string SpatialLayerOnFlatTensor = "MG0012";
    public const string InvalidModelName = "MG0013";
    public const string DuplicateModelName = "MG0014";
    public const string ClassesMismatch = "MG0015";
    public const string InvalidLayerName = "MG0016";
    public const string DuplicateLayerName = "MG0017";
    public const string InvalidNamespace = "MG0018";
    public const string AsymmetricSamePadding = "MG0019";
    public const string ConflictingSettings = "MG0020";
    public const string DuplicateKey = "MG0021";
    public const string UnknownValue = "MG0022";
    public const string UnreadableSpec = "MG0023";
    public const string LimitExceeded = "MG0024";
    public const string InternalError = "MG0099";

    public const string DropsRowsOrColumns = "MG1001";
    public const string SoftmaxBeforeLogSoftmaxLoss = "MG1002";
    public const string UnusedSetting = "MG1003";
    public const string LossExpectsProbabilities = "MG1004";
    public const string ModelTooLarge = "MG1005";
}
