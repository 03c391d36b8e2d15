using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic ModelGen reports, with its stable ID, severity and one-line title. The README's catalog
/// documents each one (meaning, example, fix); a test keeps the two in step. Messages are written where the
/// problem is detected and say what is wrong, where, and how to fix it.
/// </summary>
public static class DiagnosticCatalog
{
    public const string Category = "ModelGen";

    public static readonly DiagnosticDescriptor YamlSyntax = new(
        DiagnosticIds.YamlSyntax, "YAML syntax error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidStructure = new(
        DiagnosticIds.InvalidStructure, "Invalid spec structure", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingValue = new(
        DiagnosticIds.MissingValue, "Missing required value", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownKey = new(
        DiagnosticIds.UnknownKey, "Unknown key", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownLayerType = new(
        DiagnosticIds.UnknownLayerType, "Unknown layer type", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WrongType = new(
        DiagnosticIds.WrongType, "Value of the wrong type", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OutOfRange = new(
        DiagnosticIds.OutOfRange, "Value out of range", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidInputShape = new(
        DiagnosticIds.InvalidInputShape, "Invalid input shape", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor WindowLargerThanInput = new(
        DiagnosticIds.WindowLargerThanInput, "Kernel or pooling window larger than its input", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialSizeZero = new(
        DiagnosticIds.SpatialSizeZero, "Spatial size reaches zero", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DenseNeedsFlatten = new(
        DiagnosticIds.DenseNeedsFlatten, "Dense layer fed a multi-dimensional tensor", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialLayerOnFlatTensor = new(
        DiagnosticIds.SpatialLayerOnFlatTensor, "Convolution or pooling layer fed a flat tensor", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidModelName = new(
        DiagnosticIds.InvalidModelName, "Model name is not a valid C# identifier", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateModelName = new(
        DiagnosticIds.DuplicateModelName, "Two specs declare the same model", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ClassesMismatch = new(
        DiagnosticIds.ClassesMismatch, "Output does not match the declared classes", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidLayerName = new(
        DiagnosticIds.InvalidLayerName, "Layer name is not a valid C# member name", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateLayerName = new(
        DiagnosticIds.DuplicateLayerName, "Two layers have the same name", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        DiagnosticIds.InvalidNamespace, "Namespace is not a valid C# namespace", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AsymmetricSamePadding = new(
        DiagnosticIds.AsymmetricSamePadding, "'same' pooling cannot place its uneven padding as Keras does", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ConflictingSettings = new(
        DiagnosticIds.ConflictingSettings, "Conflicting settings", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        DiagnosticIds.DuplicateKey, "Duplicate key", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownValue = new(
        DiagnosticIds.UnknownValue, "Unknown value", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = new(
        DiagnosticIds.InternalError, "Internal ModelGen error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DropsRowsOrColumns = new(
        DiagnosticIds.DropsRowsOrColumns, "Pooling or stride drops rows or columns", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SoftmaxBeforeLogSoftmaxLoss = new(
        DiagnosticIds.SoftmaxBeforeLogSoftmaxLoss, "Softmax before a loss that applies log-softmax", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnusedSetting = new(
        DiagnosticIds.UnusedSetting, "Setting has no effect", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LossExpectsProbabilities = new(
        DiagnosticIds.LossExpectsProbabilities, "Loss expects probabilities but the model does not end with softmax", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

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
        InternalError,
        DropsRowsOrColumns,
        SoftmaxBeforeLogSoftmaxLoss,
        UnusedSetting,
        LossExpectsProbabilities,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public static DiagnosticDescriptor Get(string id) => ById[id];
}
