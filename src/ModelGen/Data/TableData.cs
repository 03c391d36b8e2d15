using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// A table read from a CSV file (<see cref="CsvTable"/>): the feature columns as float32 <c>[N, F]</c>, as written
/// (standardisation is fitted later, on the training split only: <see cref="PreparedData"/>), and the target column as
/// int64 class labels <c>[N]</c> or float32 values <c>[N]</c>. Owns its tensors: dispose it to free them.
/// </summary>
public sealed class TableData : IDataset, IDisposable
{
    internal TableData(Tensor features, Tensor targets, IReadOnlyList<string> featureNames, string targetName, IReadOnlyList<string>? classNames, string sourcePath)
    {
        Features = features;
        Targets = targets;
        FeatureNames = featureNames;
        TargetName = targetName;
        ClassNames = classNames;
        SourcePath = sourcePath;
    }

    /// <summary>The feature values, float32 <c>[N, F]</c>, in the order of <see cref="FeatureNames"/>.</summary>
    public Tensor Features { get; }

    /// <summary>Class labels (int64 <c>[N]</c>, positions in <see cref="ClassNames"/>) or values (float32 <c>[N]</c>).</summary>
    public Tensor Targets { get; }

    /// <inheritdoc/>
    Tensor IDataset.Inputs => Features;

    /// <summary>The feature columns, in input order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The target column.</summary>
    public string TargetName { get; }

    /// <summary>A classifier's classes, the target's distinct values sorted; <see langword="null"/> for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The file read (full path).</summary>
    public string SourcePath { get; }

    /// <summary>The number of rows, N.</summary>
    public int Count => (int)Features.shape[0];

    /// <summary>What a prediction needs to know about this table: its columns and classes (the scaling comes with training).</summary>
    public DataSchema Schema => new() { FeatureNames = FeatureNames, TargetName = TargetName, ClassNames = ClassNames };

    /// <summary>Frees the two tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Targets.Dispose();
    }
}
