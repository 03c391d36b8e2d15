using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// The data a training run uses, prepared in the order that keeps validation and test data out of training: first the
/// validation split is held out of the training data, then a table's feature standardisation is fitted on what is
/// left and applied to every split. Owns the tensors it had to make (the split parts, the scaled features); the data
/// sets it was given are not copied when nothing changes them, and stay the caller's.
/// </summary>
/// <remarks>
/// <b>Which samples validate.</b> A validation split of fraction f holds out round(n x f) of the n training samples
/// (rounding half to even), chosen at random with the seed: the first ones of a Fisher-Yates shuffle driven by
/// <see cref="System.Random"/>(seed). Both parts keep the stored order. Keras's <c>validation_split</c> takes the last
/// fraction instead, which for a picture folder or a table sorted by class would validate on the last classes only.
/// The same seed and data give the same split, so a resumed run validates on the same samples.
/// </remarks>
public sealed class PreparedData : IDisposable
{
    private readonly List<Tensor> _owned = new();

    private PreparedData()
    {
    }

    /// <summary>What the model trains on.</summary>
    public IDataset Train { get; private set; } = null!;

    /// <summary>What it is validated on after every epoch, if anything: the given validation data, or the split.</summary>
    public IDataset? Validation { get; private set; }

    /// <summary>What it is tested on, if anything.</summary>
    public IDataset? Test { get; private set; }

    /// <summary>The standardisation fitted on <see cref="Train"/>'s features, when a table was standardised.</summary>
    public FeatureScaling? Scaling { get; private set; }

    /// <summary>Whether <see cref="Validation"/> was split off the training data (rather than given).</summary>
    public bool ValidationWasSplit { get; private set; }

    /// <summary>
    /// Prepares <paramref name="train"/> (and the other splits) for training: holds out <paramref name="validationSplit"/>
    /// of it unless <paramref name="validation"/> is given (given validation data wins, as in Keras), then, when
    /// <paramref name="standardizeFeatures"/> (a table), fits the standardisation on the training part and applies it to
    /// every split.
    /// </summary>
    /// <param name="train">The training data.</param>
    /// <param name="validation">Validation data of its own, or null.</param>
    /// <param name="test">The test data, or null.</param>
    /// <param name="validationSplit">The fraction of <paramref name="train"/> to hold out when no validation data is given.</param>
    /// <param name="seed">Chooses the held-out samples.</param>
    /// <param name="standardizeFeatures">Fit a standardisation on the training part and apply it to every split.</param>
    /// <param name="scaling">A standardisation fitted before (a saved model's), applied to every split instead of fitting one.</param>
    /// <exception cref="DatasetException">The split would leave no validation or no training sample.</exception>
    public static PreparedData Prepare(
        IDataset train, IDataset? validation, IDataset? test, double validationSplit, int seed, bool standardizeFeatures, FeatureScaling? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!(validationSplit >= 0 && validationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "A validation split is a fraction from 0 to below 1.");
        }

        var prepared = new PreparedData { Train = train, Validation = validation, Test = test };
        try
        {
            if (validation is null && validationSplit > 0)
            {
                var (kept, held) = SplitIndices(train.Inputs.shape[0], validationSplit, seed);
                prepared.Train = prepared.Select(train, kept);
                prepared.Validation = prepared.Select(train, held);
                prepared.ValidationWasSplit = true;
            }

            if (standardizeFeatures || scaling is not null)
            {
                scaling ??= FeatureScaling.Fit(prepared.Train.Inputs);
                prepared.Scaling = scaling;
                prepared.Train = prepared.Scaled(prepared.Train, scaling);
                prepared.Validation = prepared.Validation is null ? null : prepared.Scaled(prepared.Validation, scaling);
                prepared.Test = prepared.Test is null ? null : prepared.Scaled(prepared.Test, scaling);
            }

            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The positions of the training and of the validation samples when <paramref name="fraction"/> of
    /// <paramref name="count"/> samples are held out with <paramref name="seed"/> (see the remarks), each ascending.
    /// </summary>
    /// <exception cref="DatasetException">The fraction holds out no sample, or all of them.</exception>
    public static (long[] Train, long[] Validation) SplitIndices(long count, double fraction, int seed)
    {
        var held = (long)Math.Round(count * fraction, MidpointRounding.ToEven);
        if (held == 0)
        {
            throw new DatasetException($"A validation split of {fraction} of {count} training samples holds out none: use a larger fraction, or more data.");
        }

        if (held >= count)
        {
            throw new DatasetException($"A validation split of {fraction} of {count} training samples leaves none to train on: use a smaller fraction.");
        }

        var order = new long[count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var validation = order[..(int)held];
        var training = order[(int)held..];
        Array.Sort(validation);
        Array.Sort(training);
        return (training, validation);
    }

    /// <summary>Frees the tensors this object made.</summary>
    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }

        _owned.Clear();
    }

    private TensorDataset Select(IDataset data, long[] positions)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(positions, new long[] { positions.Length }, device: data.Inputs.device);
        return Own(data.Inputs.index_select(0, index), data.Targets.index_select(0, index.to(data.Targets.device)));
    }

    private TensorDataset Scaled(IDataset data, FeatureScaling scaling)
    {
        using var scope = NewDisposeScope();
        return Own(scaling.Apply(data.Inputs), data.Targets.alias());
    }

    private TensorDataset Own(Tensor inputs, Tensor targets)
    {
        var result = new TensorDataset(inputs.DetachFromDisposeScope(), targets.DetachFromDisposeScope());
        _owned.Add(result.Inputs);
        _owned.Add(result.Targets);
        return result;
    }
}
