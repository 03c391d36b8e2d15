using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>
/// Serves mini-batches for training and evaluation from images held as one uint8 tensor <c>[N, C, H, W]</c> and
/// labels as one int64 tensor <c>[N]</c>: each batch is gathered by index (<c>index_select</c> on the uint8 data, then
/// a single conversion), normalised as the Keras CIFAR-10 tutorial does, <c>x / 255 - 0.5</c>, so pixel values run
/// from -0.5 to 0.5.
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
/// for the next one and clone anything you keep. A batch from <see cref="GetBatch"/> belongs to the caller (or to the
/// caller's current dispose scope).</para>
/// </remarks>
public sealed class ImageBatchSource : IBatchSource
{
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly Device? _device;

    /// <summary>Batches over a data set split, e.g. <see cref="Cifar10Dataset.Train"/>.</summary>
    /// <param name="data">The images and labels (not owned; keep them alive while batches are drawn).</param>
    /// <param name="batchSize">Samples per batch; the last batch of an epoch may be smaller.</param>
    /// <param name="shuffle">A new seeded order each epoch (training); off: the stored order (evaluation).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="limit">Use only the first <paramref name="limit"/> samples (all if larger than the data).</param>
    /// <param name="device">Where batches are delivered; the uint8 data is moved before it is converted to float,
    /// which moves four times fewer bytes. Default: the data's own device.</param>
    /// <param name="normalization">How pixels are scaled (a spec's <c>training: normalize:</c>). Default: the tutorial's x / 255 - 0.5.</param>
    public ImageBatchSource(LabeledImages data, int batchSize, bool shuffle = true, int seed = 0, int? limit = null, Device? device = null,
        InputNormalization? normalization = null)
        : this((data ?? throw new ArgumentNullException(nameof(data))).Images, data.Labels, batchSize, shuffle, seed, limit, device, normalization)
    {
    }

    /// <summary>Batches over any images <c>[N, C, H, W]</c> (uint8) and labels <c>[N]</c> (int64).</summary>
    /// <param name="images">uint8 <c>[N, C, H, W]</c>, values 0-255 (not owned).</param>
    /// <param name="labels">int64 <c>[N]</c> (not owned).</param>
    /// <param name="batchSize">Samples per batch; the last batch of an epoch may be smaller.</param>
    /// <param name="shuffle">A new seeded order each epoch (training); off: the stored order (evaluation).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="limit">Use only the first <paramref name="limit"/> samples (all if larger than the data).</param>
    /// <param name="device">Where batches are delivered. Default: the data's own device.</param>
    /// <param name="normalization">How pixels are scaled. Default: the tutorial's x / 255 - 0.5.</param>
    public ImageBatchSource(Tensor images, Tensor labels, int batchSize, bool shuffle = true, int seed = 0, int? limit = null, Device? device = null,
        InputNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException($"images must be a uint8 tensor [N, C, H, W], not {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != images.shape[0])
        {
            throw new ArgumentException(
                $"labels must be an int64 tensor [{images.shape[0]}] (one per image), not {labels.dtype} [{string.Join(", ", labels.shape)}].",
                nameof(labels));
        }

        if (limit is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(limit));
        }

        Normalization = normalization ?? InputNormalization.Tutorial;
        foreach (var values in new[] { Normalization.Mean, Normalization.Std })
        {
            if (values.Length != 1 && values.Length != images.shape[1])
            {
                throw new ArgumentException(
                    $"normalization needs one value or one per channel ({images.shape[1]}), not {values.Length}.", nameof(normalization));
            }
        }

        _images = images;
        _labels = labels;
        _device = device;
        Count = (int)Math.Min(limit ?? long.MaxValue, images.shape[0]);
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
    /// dispose scope, if any, and disposed when the enumeration moves on or ends; the epoch's index tensor is created
    /// once (outside any scope) and disposed at the end.
    /// </summary>
    /// <param name="epoch">The epoch number (any convention, e.g. 1-based; it only selects the order).</param>
    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        var order = Shuffle ? tensor(GetOrder(epoch), [Count]).DetachFromDisposeScope() : null;
        ImageBatch? previous = null;
        try
        {
            for (var b = 0; b < BatchCount; b++)
            {
                previous?.Dispose();
                previous = null;
                var start = (long)b * BatchSize;
                var size = (int)Math.Min(BatchSize, Count - start);
                ImageBatch batch;
                using (var scope = NewDisposeScope())
                {
                    var (images, labels) = order is null
                        ? Make(_images.narrow(0, start, size), _labels.narrow(0, start, size), labelsAreView: true)
                        : Select(order.narrow(0, start, size));
                    scope.MoveToOuter(images, labels);   // into the caller's scope, if there is one
                    batch = new ImageBatch(images, labels, b);
                }

                previous = batch;
                yield return batch;
            }
        }
        finally
        {
            previous?.Dispose();
            order?.Dispose();
        }
    }

    /// <inheritdoc/>
    long IBatchSource.SampleCount => Count;

    /// <inheritdoc/>
    IEnumerable<Batch> IBatchSource.Epoch(int epoch)
    {
        foreach (var batch in Epoch(epoch))
        {
            yield return new Batch(batch.Images, batch.Labels);
        }
    }

    /// <summary>
    /// One batch of the given samples (indices into the data), normalised like every batch. The tensors are
    /// created in the caller's current dispose scope, if any, like the result of any TorchSharp operation; otherwise
    /// dispose the batch.
    /// </summary>
    public ImageBatch GetBatch(ReadOnlySpan<long> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("At least one index is needed.", nameof(indices));
        }

        foreach (var index in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _images.shape[0], nameof(indices));
        }

        using var scope = NewDisposeScope();
        var (images, labels) = Select(tensor(indices.ToArray(), [indices.Length]));
        scope.MoveToOuter(images, labels);
        return new ImageBatch(images, labels, -1);
    }

    /// <summary>
    /// Converts uint8 images (any shape) to float32 normalised as the Keras CIFAR-10 tutorial does:
    /// <c>x / 255 - 0.5</c> (0 becomes -0.5, 255 becomes 0.5). Returns a new tensor.
    /// </summary>
    public static Tensor Normalize(Tensor images) => Normalize(images, InputNormalization.Tutorial);

    /// <summary>
    /// Converts uint8 images <c>[N, C, H, W]</c> to float32 <c>(x / 255 - mean) / std</c>, with one mean and std
    /// for all channels or one per channel. Returns a new tensor.
    /// </summary>
    public static Tensor Normalize(Tensor images, InputNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(normalization);
        var result = images.to_type(ScalarType.Float32);
        result.div_(255f);
        Apply(result, normalization.Mean, (x, m) => x.sub_(m), (x, m) => x.sub_(m));
        Apply(result, normalization.Std, (x, d) => x.div_(d), (x, d) => x.div_(d));
        return result;
    }

    /// <summary>The normalisation applied to every batch.</summary>
    public InputNormalization Normalization { get; }

    private static void Apply(Tensor images, System.Collections.Immutable.ImmutableArray<double> values, Action<Tensor, float> scalar, Action<Tensor, Tensor> perChannel)
    {
        if (values.Length == 1)
        {
            scalar(images, (float)values[0]);
            return;
        }

        using var channelValues = tensor(values.Select(v => (float)v).ToArray(), new long[] { 1, values.Length, 1, 1 }, device: images.device);
        perChannel(images, channelValues);
    }

    /// <summary>
    /// The raw pixels of sample <paramref name="index"/> (no normalisation) in <b>HWC</b> order (row by row, each
    /// pixel's channels together: R, G, B), <c>H * W * C</c> bytes, e.g. for drawing it.
    /// </summary>
    public byte[] GetImageHwc(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _images.shape[0]);
        using var scope = NewDisposeScope();
        return _images[index].permute(1, 2, 0).contiguous().cpu().data<byte>().ToArray();
    }

    /// <summary>The raw pixels of sample <paramref name="index"/> (no normalisation) in stored <b>CHW</b> order, <c>C * H * W</c> bytes.</summary>
    public byte[] GetImageChw(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _images.shape[0]);
        using var scope = NewDisposeScope();
        return _images[index].contiguous().cpu().data<byte>().ToArray();
    }

    private (Tensor Images, Tensor Labels) Select(Tensor indices)
    {
        var onDataDevice = indices.device == _images.device ? indices : indices.to(_images.device);
        return Make(_images.index_select(0, onDataDevice), _labels.index_select(0, onDataDevice), labelsAreView: false);
    }

    /// <summary>Moves the uint8 images and the labels to the target device, then converts the images once.</summary>
    /// <param name="images">Selected uint8 images (a gathered copy, or a view of the data).</param>
    /// <param name="labels">Selected labels.</param>
    /// <param name="labelsAreView">The labels are a view of the caller's tensor: the batch gets its own copy.</param>
    private (Tensor Images, Tensor Labels) Make(Tensor images, Tensor labels, bool labelsAreView)
    {
        if (_device is not null && (_device.type != images.device_type || _device.index != images.device_index))
        {
            images = images.to(_device);
            labels = labels.to(_device);
            labelsAreView = false;
        }

        return (Normalize(images, Normalization), labelsAreView ? labels.clone() : labels);
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

/// <summary>One mini-batch: float32 images normalised to [-0.5, 0.5] and their int64 labels.</summary>
public sealed class ImageBatch : IDisposable
{
    internal ImageBatch(Tensor images, Tensor labels, int index)
    {
        Images = images;
        Labels = labels;
        Index = index;
    }

    /// <summary>float32 <c>[B, C, H, W]</c>, <c>x / 255 - 0.5</c>.</summary>
    public Tensor Images { get; }

    /// <summary>int64 <c>[B]</c>, class indices.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of samples, B.</summary>
    public int Size => (int)Labels.shape[0];

    /// <summary>The batch's position in its epoch (0-based), or -1 for a batch from <see cref="ImageBatchSource.GetBatch"/>.</summary>
    public int Index { get; }

    /// <summary>Frees both tensors (a no-op for tensors already freed by a dispose scope).</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    /// <summary>Deconstructs into <c>(images, labels)</c>.</summary>
    public void Deconstruct(out Tensor images, out Tensor labels)
    {
        images = Images;
        labels = Labels;
    }
}
