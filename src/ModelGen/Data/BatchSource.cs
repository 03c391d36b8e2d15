using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// Serves mini-batches for training and evaluation from a data set held in memory (<see cref="IDataset"/>): each batch
/// is gathered by index (<c>index_select</c> on the stored tensors). Raw uint8 images are then converted once and
/// scaled with the normalisation passed in, <c>(x / 255 - mean) / std</c> (the trainer passes the spec's
/// <c>training: normalize:</c>); float32 features are used as they are. Targets are copied unchanged.
/// </summary>
/// <remarks>
/// <para><b>Shuffling.</b> With <c>shuffle</c> on, every epoch visits every sample exactly once in a new order. The
/// order depends only on (seed, epoch, count): it is a Fisher-Yates shuffle driven by <see cref="System.Random"/>
/// created with a seed mixed from the two numbers. It does not use or advance TorchSharp's random generator, so
/// shuffling neither disturbs nor depends on <c>torch.manual_seed</c> (weight initialisation, dropout), and a resumed
/// run gets the same order for epoch k without any saved state. The last, smaller batch is included.</para>
/// <para><b>Ownership.</b> The source does not own the tensors it reads from. A batch's tensors are created in the
/// dispose scope that is current when the enumeration moves to it (a scope opened before <c>MoveNext</c>, as
/// the trainer does, frees them), and the enumeration also disposes each batch when it moves on or ends, so
/// a plain <c>foreach</c> leaks nothing either, with or without a scope inside the loop body. Use a batch before asking
/// for the next one and clone anything you keep. Batches are copies: changing one leaves the data alone. A batch from
/// <see cref="GetBatch"/> belongs to the caller (or to the caller's current dispose scope).</para>
/// </remarks>
public sealed class BatchSource : IBatchSource
{
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly Device? _device;
    private readonly Augmenter? _augmenter;
    private readonly bool _channelsLast;
    private readonly bool _prepareAhead;

    /// <summary>Batches over a data set, e.g. <see cref="Cifar10Dataset.Train"/> or a <see cref="TensorDataset"/>.</summary>
    /// <param name="data">The inputs and targets (not owned; keep them alive while batches are drawn).</param>
    /// <param name="batchSize">Samples per batch; the last batch of an epoch may be smaller.</param>
    /// <param name="shuffle">A new seeded order each epoch (training); off: the stored order (evaluation).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="limit">Use only the first <paramref name="limit"/> samples (all if larger than the data).</param>
    /// <param name="device">Where batches are delivered; uint8 images are moved before they are converted to float,
    /// which moves four times fewer bytes. Default: the data's own device.</param>
    /// <param name="normalization">How uint8 images are scaled; pass the spec's (<c>TModel.Training.Normalization</c>).
    /// Default: <see cref="InputNormalization.Tutorial"/> (x / 255 - 0.5), the spec language's default. Not used for
    /// float inputs.</param>
    /// <param name="augmenter">Changes uint8 training images at random (the spec's <c>augment:</c>) before they are
    /// scaled, in shuffled epochs only; null: none.</param>
    /// <param name="channelsLast">Delivers images stored channels-last (<see cref="Training.ChannelsLast"/>), which
    /// convolutions then keep: the same values, faster on the CPU.</param>
    /// <param name="prepareAhead">Prepares each epoch's next batch (gathering, augmenting, scaling) on a worker thread
    /// while the caller uses the current one. The batches are the same; they are then not created in the caller's
    /// dispose scope, but still freed when the enumeration moves on or ends.</param>
    /// <exception cref="ArgumentException">The tensors have types or shapes a data set cannot have (see
    /// <see cref="IDataset"/>), or the normalisation does not match the channel count.</exception>
    public BatchSource(IDataset data, int batchSize, bool shuffle = true, int seed = 0, int? limit = null, Device? device = null,
        InputNormalization? normalization = null, Augmenter? augmenter = null, bool channelsLast = false, bool prepareAhead = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (limit is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(limit));
        }

        _inputs = data.Inputs ?? throw new ArgumentException("The data set has no inputs.", nameof(data));
        _targets = data.Targets ?? throw new ArgumentException("The data set has no targets.", nameof(data));
        CheckTensors(_inputs, _targets);
        if (_inputs.dtype == ScalarType.Byte)
        {
            Normalization = normalization ?? InputNormalization.Tutorial;
            Normalization.CheckChannels(_inputs.shape[1], nameof(normalization));
        }

        _device = device;
        _augmenter = _inputs.dtype == ScalarType.Byte && _inputs.dim() == 4 ? augmenter : null;
        _channelsLast = channelsLast && _inputs.dim() == 4;
        _prepareAhead = prepareAhead;
        Count = (int)Math.Min(limit ?? long.MaxValue, _inputs.shape[0]);
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <summary>Samples per epoch: the data's N, or the limit if smaller.</summary>
    public int Count { get; }

    /// <summary>Samples per batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch, the last partial batch included: <c>ceil(Count / BatchSize)</c>.</summary>
    public int BatchCount => (Count + BatchSize - 1) / BatchSize;

    /// <summary>Whether each epoch has its own seeded order.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffle seed.</summary>
    public int Seed { get; }

    /// <summary>The scaling applied to uint8 images; <see langword="null"/> for float inputs, which are used as they are.</summary>
    public InputNormalization? Normalization { get; }

    /// <inheritdoc/>
    long IBatchSource.SampleCount => Count;

    /// <summary>
    /// The sample indices of <paramref name="epoch"/> in the order they are served: a permutation of
    /// <c>0 .. Count-1</c>, the same for the same seed and epoch; the identity when <see cref="Shuffle"/> is off.
    /// </summary>
    public long[] GetOrder(int epoch)
    {
        var order = new long[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (Shuffle)
        {
            var random = new Random(MixSeed(Seed, epoch));
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return order;
    }

    /// <summary>
    /// The batches of one epoch in order (see <see cref="GetOrder"/>). Each batch is created in the caller's current
    /// dispose scope, if any (prepared ahead on a worker thread: in none), and disposed when the enumeration moves on or
    /// ends; the epoch's index tensor is created once (outside any scope) and disposed at the end.
    /// </summary>
    /// <param name="epoch">The epoch number (any convention, e.g. 1-based; it only selects the order).</param>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Shuffle ? tensor(GetOrder(epoch), [Count]).DetachFromDisposeScope() : null;
        Batch? previous = null;
        Task<Batch>? ahead = null;
        try
        {
            for (var b = 0; b < BatchCount; b++)
            {
                previous?.Dispose();
                previous = null;
                Batch batch;
                if (_prepareAhead)
                {
                    batch = (ahead ?? PrepareOnWorker(order, epoch, b)).GetAwaiter().GetResult();
                    ahead = b + 1 < BatchCount ? PrepareOnWorker(order, epoch, b + 1) : null;
                }
                else
                {
                    batch = Prepare(order, epoch, b);
                }

                previous = batch;
                yield return batch;
            }
        }
        finally
        {
            previous?.Dispose();
            if (ahead is not null)
            {
                // The worker still reads the order tensor: let it finish before that is freed, then free its batch.
                ((IAsyncResult)ahead).AsyncWaitHandle.WaitOne();
                if (ahead.IsCompletedSuccessfully)
                {
                    ahead.Result.Dispose();
                }
            }

            order?.Dispose();
        }
    }

    private Task<Batch> PrepareOnWorker(Tensor? order, int epoch, int batch) =>
        Task.Run(() => Prepare(order, epoch, batch));

    /// <summary>Batch <paramref name="b"/> of an epoch, in the current thread's dispose scope, if any.</summary>
    private Batch Prepare(Tensor? order, int epoch, int b)
    {
        var start = (long)b * BatchSize;
        var size = (int)Math.Min(BatchSize, Count - start);
        using var scope = NewDisposeScope();
        var batch = order is null
            ? Make(_inputs.narrow(0, start, size), _targets.narrow(0, start, size), areViews: true)
            : Select(order.narrow(0, start, size), epoch, b);
        scope.MoveToOuter(batch.Inputs, batch.Targets);   // into the caller's scope, if there is one
        return batch;
    }

    /// <summary>
    /// One batch of the given samples (indices into the data), prepared like every batch. The tensors are created in
    /// the caller's current dispose scope, if any, like the result of any TorchSharp operation; otherwise dispose the
    /// batch.
    /// </summary>
    public Batch GetBatch(ReadOnlySpan<long> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("At least one index is needed.", nameof(indices));
        }

        foreach (var index in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _inputs.shape[0], nameof(indices));
        }

        using var scope = NewDisposeScope();
        var batch = Select(tensor(indices.ToArray(), [indices.Length]));
        scope.MoveToOuter(batch.Inputs, batch.Targets);
        return batch;
    }

    /// <summary>
    /// The inputs of the first <paramref name="count"/> samples in stored order (all <see cref="Count"/> when fewer),
    /// prepared like every batch (uint8 images normalised, on the device) but never shuffled: what a data-adapted
    /// model is computed from.
    /// </summary>
    public Tensor FirstInputs(long count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var indices = new long[Math.Min(count, Count)];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i;
        }

        using var scope = NewDisposeScope();
        var batch = GetBatch(indices);
        batch.Targets.Dispose();
        scope.MoveToOuter(batch.Inputs);
        return batch.Inputs;
    }

    private static void CheckTensors(Tensor inputs, Tensor targets)
    {
        var isImages = inputs.dtype == ScalarType.Byte && inputs.dim() == 4;
        var isFeatures = inputs.dtype == ScalarType.Float32 && inputs.dim() >= 2;
        if (!isImages && !isFeatures)
        {
            throw new ArgumentException(
                $"The inputs must be uint8 images [N, C, H, W] or float32 features [N, ...], not {Describe(inputs)}.", "data");
        }

        if (targets.dtype is not (ScalarType.Int64 or ScalarType.Float32) || targets.dim() < 1 || targets.shape[0] != inputs.shape[0])
        {
            throw new ArgumentException(
                $"The targets must be int64 or float32, with one row per input ({inputs.shape[0]}), not {Describe(targets)}.",
                "data");
        }
    }

    internal static string Describe(Tensor tensor) => $"{tensor.dtype} [{string.Join(", ", tensor.shape)}]";

    /// <summary>The samples <paramref name="indices"/>; in a shuffled epoch, augmented when the source has an augmenter.</summary>
    private Batch Select(Tensor indices, int? epoch = null, int batch = 0)
    {
        var onDataDevice = indices.device == _inputs.device ? indices : indices.to(_inputs.device);
        var inputs = _inputs.index_select(0, onDataDevice);
        if (_augmenter is not null && epoch is { } e)
        {
            inputs = _augmenter.Apply(inputs, onDataDevice, e, batch);
        }

        return Make(inputs, _targets.index_select(0, onDataDevice), areViews: false);
    }

    /// <summary>Moves the stored-type inputs and the targets to the target device, then converts uint8 images once.</summary>
    /// <param name="inputs">Selected inputs (a gathered copy, or a view of the data).</param>
    /// <param name="targets">Selected targets.</param>
    /// <param name="areViews">Both are views of the caller's tensors: the batch gets its own copies.</param>
    private Batch Make(Tensor inputs, Tensor targets, bool areViews)
    {
        if (_device is not null && (_device.type != inputs.device_type || _device.index != inputs.device_index))
        {
            inputs = inputs.to(_device);
            targets = targets.to(_device);
            areViews = false;
        }

        if (_channelsLast)
        {
            // Permuted while still uint8 (a quarter of the bytes); the conversion to float keeps the layout.
            inputs = Training.ChannelsLast.Of(inputs);
            areViews = false;
        }

        var prepared = Normalization is not null ? Normalization.Normalize(inputs) : areViews ? inputs.clone() : inputs;
        return new Batch(prepared, areViews ? targets.clone() : targets);
    }

    /// <summary>A 32-bit seed from (seed, epoch) through the SplitMix64 finaliser, so nearby pairs give unrelated orders.</summary>
    private static int MixSeed(int seed, int epoch)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }
}
