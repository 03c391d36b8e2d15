using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// Per-feature standardisation, <c>(x - Mean) / Std</c>, fitted on the training split only (so nothing of the validation
/// or test data leaks into training) and saved with the model (<see cref="DataSchema.Scaling"/>), so predictions scale
/// new rows exactly as the training rows were scaled. A feature that is constant in the training data gets a std of 1.
/// </summary>
/// <param name="Mean">Each feature's mean over the training rows.</param>
/// <param name="Std">Each feature's standard deviation over the training rows (population, as scikit-learn's StandardScaler).</param>
public sealed record FeatureScaling(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary>The scaling that standardises <paramref name="features"/> (float32 <c>[N, F]</c>, at least one row).</summary>
    public static FeatureScaling Fit(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[0] == 0)
        {
            throw new ArgumentException($"Features to fit a scaling to must be [N, F] with N > 0, not [{string.Join(", ", features.shape)}].", nameof(features));
        }

        using var scope = NewDisposeScope();
        var asDouble = features.to_type(ScalarType.Float64);
        var mean = asDouble.mean([0L]).data<double>().ToArray();
        var std = asDouble.std([0L], unbiased: false).data<double>().ToArray().Select(s => s > 1e-12 ? s : 1.0).ToArray();
        return new FeatureScaling(mean, std);
    }

    /// <summary>Standardised copies of <paramref name="features"/> (float32 <c>[N, F]</c>), in the caller's dispose scope.</summary>
    /// <exception cref="ArgumentException">The features have another number of columns than the scaling.</exception>
    public Tensor Apply(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[1] != Mean.Count)
        {
            throw new ArgumentException($"The scaling is for {Mean.Count} features, but the data is shaped [{string.Join(", ", features.shape)}].", nameof(features));
        }

        using var scope = NewDisposeScope();
        var mean = tensor(Mean.Select(m => (float)m).ToArray(), device: features.device);
        var std = tensor(Std.Select(s => (float)s).ToArray(), device: features.device);
        return ((features - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>Compares the values, not the list instances.</summary>
    public bool Equals(FeatureScaling? other) => other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Mean.Count, Mean.Count > 0 ? Mean[0] : 0);
}
