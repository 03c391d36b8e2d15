using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic ModelGen reports, with its stable ID, severity, one-line title and help link. The README's
/// catalog and docs/diagnostics.md document each one (meaning, example, fix); tests keep them in step. Messages are
/// written where the problem is detected and say what is wrong, where, and how to fix it.
/// </summary>
public static class DiagnosticCatalog
{
    public const string Category = "ModelGen";

    public static readonly DiagnosticDescriptor YamlSyntax = Create(
        DiagnosticIds.YamlSyntax, "YAML syntax error", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidStructure = Create(
        DiagnosticIds.InvalidStructure, "Invalid spec structure", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingValue = Create(
        DiagnosticIds.MissingValue, "Missing required value", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownKey = Create(
        DiagnosticIds.UnknownKey, "Unknown key", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownLayerType = Create(
        DiagnosticIds.UnknownLayerType, "Unknown layer type", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongType = Create(
        DiagnosticIds.WrongType, "Value of the wrong type", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OutOfRange = Create(
        DiagnosticIds.OutOfRange, "Value out of range", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidInputShape = Create(
        DiagnosticIds.InvalidInputShape, "Invalid input shape", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WindowLargerThanInput = Create(
        DiagnosticIds.WindowLargerThanInput, "Kernel or pooling window larger than its input", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SpatialSizeZero = Create(
        DiagnosticIds.SpatialSizeZero, "Spatial size reaches zero", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DenseNeedsFlatten = Create(
        DiagnosticIds.DenseNeedsFlatten, "Dense layer fed a multi-dimensional tensor", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SpatialLayerOnFlatTensor = Create(
        DiagnosticIds.SpatialLayerOnFlatTensor, "Convolution or pooling layer fed a flat tensor", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidModelName = Create(
        DiagnosticIds.InvalidModelName, "Model name is not a valid C# identifier", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateModelName = Create(
        DiagnosticIds.DuplicateModelName, "Two specs declare the same model", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ClassesMismatch = Create(
        DiagnosticIds.ClassesMismatch, "Output does not match the declared classes", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidLayerName = Create(
        DiagnosticIds.InvalidLayerName, "Layer name is not a valid C# member name", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateLayerName = Create(
        DiagnosticIds.DuplicateLayerName, "Two layers have the same name", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidNamespace = Create(
        DiagnosticIds.InvalidNamespace, "Namespace is not a valid C# namespace", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AsymmetricSamePadding = Create(
        DiagnosticIds.AsymmetricSamePadding, "'same' pooling cannot place its uneven padding as Keras does", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConflictingSettings = Create(
        DiagnosticIds.ConflictingSettings, "Conflicting settings", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateKey = Create(
        DiagnosticIds.DuplicateKey, "Duplicate key", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownValue = Create(
        DiagnosticIds.UnknownValue, "Unknown value", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnreadableSpec = Create(
        DiagnosticIds.UnreadableSpec, "Spec file cannot be read", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor LimitExceeded = Create(
        DiagnosticIds.LimitExceeded, "Spec exceeds a ModelGen limit", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InternalError = Create(
        DiagnosticIds.InternalError, "Internal ModelGen error", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DropsRowsOrColumns = Create(
        DiagnosticIds.DropsRowsOrColumns, "Pooling or stride drops rows or columns", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SoftmaxBeforeLogSoftmaxLoss = Create(
        DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, "Softmax before a loss that applies log-softmax", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnusedSetting = Create(
        DiagnosticIds.UnusedSetting, "Setting has no effect", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LossExpectsProbabilities = Create(
        DiagnosticIds.LossExpectsProbabilities, "Loss expects probabilities but the model does not end with softmax", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ModelTooLarge = Create(
        DiagnosticIds.ModelTooLarge, "Model too large for memory", DiagnosticSeverity.Warning);

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        YamlSyntax,
        InvalidStructure,
        MissingValue,
        UnknownKey,
        UnknownLayerType,
        WrongType,
        OutOfRange,
        InvalidInputShape,
        WindowLargerThanInput,
        SpatialSizeZero,
        DenseNeedsFlatten,
        SpatialLayerOnFlatTensor,
        InvalidModelName,
        DuplicateModelName,
        ClassesMismatch,
        InvalidLayerName,
        DuplicateLayerName,
        InvalidNamespace,
        AsymmetricSamePadding,
        ConflictingSettings,
        DuplicateKey,
        UnknownValue,
        UnreadableSpec,
        LimitExceeded,
        InternalError,
        DropsRowsOrColumns,
        SoftmaxBeforeLogSoftmaxLoss,
        UnusedSetting,
        LossExpectsProbabilities,
        ModelTooLarge,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>
    /// The one place a descriptor is made. Its help link is the ID's entry in docs/diagnostics.md
    /// (<c>...docs/diagnostics.md#mg0011</c>) in the repository the build was told about, so IDEs link the ID there and
    /// SARIF logs carry it as the rule's helpUri. Without a known repository address the link is empty: no invented
    /// address, and the catalog still ships in the package (docs/diagnostics.md).
    /// </summary>
    /// <remarks>
    /// The parameter names matter: release tracking (RS2000/RS2001) reads <paramref name="id"/> and
    /// <paramref name="defaultSeverity"/> at each call, so AnalyzerReleases.*.md stays checked by the build.
    /// </remarks>
    private static DiagnosticDescriptor Create(string id, string title, DiagnosticSeverity defaultSeverity) => new(
        id, title, "{0}", Category, defaultSeverity, isEnabledByDefault: true,
        helpLinkUri: HelpLink(id));

    /// <summary>The ID's entry in the diagnostics catalog, or empty when the repository's address is unknown.</summary>
    public static string HelpLink(string id) =>
        HelpLinks.Catalog.Length == 0 ? string.Empty : HelpLinks.Catalog + "#" + id.ToLowerInvariant();
}
