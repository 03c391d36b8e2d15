namespace ModelGen.Data.Tests;

/// <summary>Batches by index from uint8 data: shapes, normalisation, seeded shuffles, limits, no leaked tensors.</summary>
public class ImageBatchSourceTests
{
    /// <summary>
    /// N images whose first red byte is <c>i % 256</c> and whose other bytes are all <c>(i * 7) % 256</c>, labelled i,
    /// so each batch tells which samples it holds.
    /// </summary>
    private static (Tensor Images, Tensor Labels) Numbered(int count)
    {
        var pixels = new byte[count * 3072];
        for (var i = 0; i < count; i++)
        {
            Array.Fill(pixels, (byte)(i * 7 % 256), i * 3072, 3072);
            pixels[i * 3072] = (byte)(i % 256);
        }

        return (tensor(pixels, [count, 3, 32, 32]), tensor(Enumerable.Range(0, count).Select(i => (long)i).ToArray(), [count]));
    }

    private static List<long> LabelsOfEpoch(ImageBatchSource source, int epoch)
    {
        var labels = new List<long>();
        foreach (var batch in source.Epoch(epoch))
        {
            labels.AddRange(batch.Labels.data<long>().ToArray());
        }

        return labels;
    }

    [Fact]
    public void Batches_have_the_right_shapes_and_the_last_partial_batch_is_included()
    {
        var (images, labels) = Numbered(100);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 32, seed: 1);

        var shapes = source.Epoch(1).Select(batch => (batch.Index, batch.Size, ImageShape: batch.Images.shape, ImageType: batch.Images.dtype, LabelShape: batch.Labels.shape, LabelType: batch.Labels.dtype)).ToList();

        Assert.Equal(4, source.BatchCount);
        Assert.Equal(100, source.Count);
        Assert.Equal([0, 1, 2, 3], shapes.Select(s => s.Index));
        Assert.Equal([32, 32, 32, 4], shapes.Select(s => s.Size));
        Assert.All(shapes, s => Assert.Equal(new long[] { s.Size, 3, 32, 32 }, s.ImageShape));
        Assert.All(shapes, s => Assert.Equal(ScalarType.Float32, s.ImageType));
        Assert.All(shapes, s => Assert.Equal(new long[] { s.Size }, s.LabelShape));
        Assert.All(shapes, s => Assert.Equal(ScalarType.Int64, s.LabelType));
    }

    [Fact]
    public void Pixels_are_normalised_as_the_keras_tutorial_does()
    {
        using var images = tensor(new byte[] { 0, 255, 51, 128 }, [1, 1, 2, 2]);
        using var labels = tensor(new long[] { 3 }, [1]);
        var source = new ImageBatchSource(images, labels, batchSize: 8, shuffle: false);

        foreach (var batch in source.Epoch(0))
        {
            var values = batch.Images.data<float>().ToArray();
            Assert.Equal(-0.5f, values[0]);
            Assert.Equal(0.5f, values[1]);
            Assert.Equal(51f / 255f - 0.5f, values[2], 6);
            Assert.Equal(128f / 255f - 0.5f, values[3], 6);
            Assert.Equal(3L, batch.Labels.item<long>());
        }

        using var direct = ImageBatchSource.Normalize(images);
        Assert.Equal(new[] { -0.5f, 0.5f }, direct.data<float>().ToArray()[..2]);
    }

    [Fact]
    public void Per_channel_normalization_from_the_spec_is_applied()
    {
        // One pixel per channel: 255 in channel 0, 0 in channel 1, 255 in channel 2.
        using var images = tensor(new byte[] { 255, 0, 255 }, [1, 3, 1, 1]);
        using var labels = tensor(new long[] { 0 }, [1]);
        var normalization = new InputNormalization(
            System.Collections.Immutable.ImmutableArray.Create(0.0, 0.5, 1.0),
            System.Collections.Immutable.ImmutableArray.Create(1.0, 0.5, 0.25));
        var source = new ImageBatchSource(images, labels, batchSize: 1, shuffle: false, normalization: normalization);

        foreach (var batch in source.Epoch(1))
        {
            // (255/255 - 0) / 1 = 1; (0 - 0.5) / 0.5 = -1; (1 - 1) / 0.25 = 0.
            Assert.Equal(new[] { 1f, -1f, 0f }, batch.Images.data<float>().ToArray());
        }

        Assert.Throws<ArgumentException>(() => new ImageBatchSource(images, labels, 1, normalization: new InputNormalization(
            System.Collections.Immutable.ImmutableArray.Create(0.1, 0.2), System.Collections.Immutable.ImmutableArray.Create(1.0))));
    }

    [Fact]
    public void Every_index_comes_exactly_once_per_epoch_with_its_own_image()
    {
        var (images, labels) = Numbered(1000);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 64, seed: 42);

        var seen = new List<long>();
        foreach (var batch in source.Epoch(3))
        {
            var batchLabels = batch.Labels.data<long>().ToArray();
            using var firstRed = batch.Images[.., 0, 0, 0].contiguous();
            using var lastBlue = batch.Images[.., 2, 31, 31].contiguous();
            var red = firstRed.data<float>().ToArray();
            var blue = lastBlue.data<float>().ToArray();
            for (var k = 0; k < batchLabels.Length; k++)
            {
                Assert.Equal(batchLabels[k] % 256 / 255f - 0.5f, red[k], 6);
                Assert.Equal(batchLabels[k] * 7 % 256 / 255f - 0.5f, blue[k], 6);
            }

            seen.AddRange(batchLabels);
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000).Select(i => (long)i), seen);
        Assert.Equal(source.GetOrder(3), seen);
    }

    [Fact]
    public void Same_seed_and_epoch_give_the_same_order_other_epochs_and_seeds_another()
    {
        var (images, labels) = Numbered(500);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 50, seed: 7);
        var twin = new ImageBatchSource(images, labels, batchSize: 50, seed: 7);
        var other = new ImageBatchSource(images, labels, batchSize: 50, seed: 8);

        Assert.Equal(LabelsOfEpoch(source, 1), LabelsOfEpoch(twin, 1));
        Assert.Equal(LabelsOfEpoch(source, 1), LabelsOfEpoch(source, 1));
        Assert.NotEqual(LabelsOfEpoch(source, 1), LabelsOfEpoch(source, 2));
        Assert.NotEqual(LabelsOfEpoch(source, 1), LabelsOfEpoch(other, 1));
        Assert.Equal(source.GetOrder(2), LabelsOfEpoch(source, 2));

        // Independent of torch's generator: reseeding torch changes nothing.
        var before = source.GetOrder(5);
        manual_seed(123);
        using (rand(10))
        {
            Assert.Equal(before, source.GetOrder(5));
        }

        // Pinned values (500 samples, seed 0, epoch 1): the order must not change between versions, since a resumed
        // run relies on getting the same order for the same epoch.
        Assert.Equal(PinnedOrder, new ImageBatchSource(images, labels, 4, seed: 0).GetOrder(1)[..10]);
    }

    private static readonly long[] PinnedOrder = [206, 457, 285, 91, 271, 219, 433, 295, 322, 224];

    [Fact]
    public void Without_shuffle_the_stored_order_is_kept()
    {
        var (images, labels) = Numbered(70);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 32, shuffle: false);

        Assert.Equal(Enumerable.Range(0, 70).Select(i => (long)i), LabelsOfEpoch(source, 1));
        Assert.Equal(LabelsOfEpoch(source, 1), LabelsOfEpoch(source, 9));

        // Batches are copies: changing one leaves the data alone.
        foreach (var batch in source.Epoch(1))
        {
            batch.Labels.fill_(-1);
            batch.Images.fill_(9f);
        }

        Assert.Equal(Enumerable.Range(0, 70).Select(i => (long)i), labels.data<long>().ToArray());
        Assert.Equal(0, images[0, 0, 0, 0].item<byte>());
    }

    [Fact]
    public void Limit_uses_only_the_first_samples()
    {
        var (images, labels) = Numbered(300);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 16, seed: 3, limit: 50);
        var unlimited = new ImageBatchSource(images, labels, batchSize: 16, limit: 1_000);

        var seen = LabelsOfEpoch(source, 1);

        Assert.Equal(50, source.Count);
        Assert.Equal(4, source.BatchCount);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), seen.Order());
        Assert.Equal(300, unlimited.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageBatchSource(images, labels, 16, limit: 0));
    }

    [Fact]
    public void An_epoch_leaks_no_tensors_even_inside_dispose_scopes()
    {
        var (images, labels) = Numbered(200);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 32, seed: 5);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;

        var liveBefore = statistics.ThreadTotalLiveCount;
        ImageBatch? first = null;
        foreach (var batch in source.Epoch(1))
        {
            using var scope = NewDisposeScope();
            first ??= batch;
            using var sum = (batch.Images * 2).sum();   // work in the caller's scope
        }

        using (var outer = NewDisposeScope())
        {
            foreach (var batch in source.Epoch(2))
            {
                batch.Images.mean();
            }
        }

        foreach (var batch in source.Epoch(3).Take(2))   // stopping early disposes too
        {
            Assert.False(batch.Images.IsInvalid);
        }

        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
        Assert.True(first!.Images.IsInvalid, "a batch is disposed when the enumeration moves on");
        Assert.False(images.IsInvalid);
        Assert.False(labels.IsInvalid);
    }

    [Fact]
    public void As_an_IBatchSource_batches_belong_to_the_scope_opened_before_MoveNext()
    {
        var (images, labels) = Numbered(130);
        using var _ = images;
        using var __ = labels;
        ModelGen.Training.IBatchSource source = new ImageBatchSource(images, labels, batchSize: 32, seed: 9);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        var liveBefore = statistics.ThreadTotalLiveCount;

        // The trainer's loop: one scope per batch, opened before MoveNext.
        var seen = new List<long>();
        var first = default(ModelGen.Training.Batch);
        using (var batches = source.Epoch(4).GetEnumerator())
        {
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (inputs, targets) = batches.Current;
                Assert.True(scope.Contains(inputs), "the batch is in the caller's scope");
                first = first.Inputs is null ? batches.Current : first;
                seen.AddRange(targets.data<long>().ToArray());
                using var sum = (inputs + 1).sum();
            }

            Assert.True(first.Inputs.IsInvalid, "freed with its scope");
        }

        Assert.Equal(130, source.SampleCount);
        Assert.Equal(((ImageBatchSource)source).GetOrder(4), seen);
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void GetBatch_selects_samples_in_the_callers_scope()
    {
        var (images, labels) = Numbered(50);
        using var _ = images;
        using var __ = labels;
        var source = new ImageBatchSource(images, labels, batchSize: 8);

        ImageBatch batch;
        using (NewDisposeScope())
        {
            batch = source.GetBatch([5, 0, 49]);
            Assert.Equal([5L, 0L, 49L], batch.Labels.data<long>().ToArray());
            Assert.Equal(5f / 255f - 0.5f, batch.Images[0, 0, 0, 0].item<float>(), 6);
            Assert.Equal(-1, batch.Index);
        }

        Assert.True(batch.Images.IsInvalid, "freed with the caller's scope");
        Assert.Throws<ArgumentOutOfRangeException>(() => source.GetBatch([50]));

        using var unscoped = source.GetBatch([1]);
        Assert.False(unscoped.Images.IsInvalid);
    }

    [Fact]
    public void Works_on_a_dataset_split_and_exposes_raw_hwc_pixels()
    {
        using var temp = new TempFolder();
        using var data = Cifar10Reader.Read(TinyCifar.WriteFolder(temp.Path, TinyCifar.Files()), new Cifar10ReadOptions { RecordsPerBatch = TinyCifar.Records });
        var source = new ImageBatchSource(data.Train, batchSize: 64, seed: 1, device: CPU);

        Assert.Equal(2, source.BatchCount);
        Assert.Equal(data.Train.GetImageHwc(17), source.GetImageHwc(17));
        Assert.Equal(data.Train.GetImageChw(17), source.GetImageChw(17));
        Assert.Equal(Enumerable.Range(0, 3072).Select(p => TinyCifar.Pixel(false, 17, p)), source.GetImageChw(17));
        Assert.Equal(TinyCifar.Pixel(false, 17, 1024), source.GetImageHwc(17)[1]);   // pixel (0, 0), green
        var counts = new int[10];
        foreach (var batch in source.Epoch(1))
        {
            foreach (var label in batch.Labels.data<long>().ToArray())
            {
                counts[label]++;
            }
        }

        Assert.Equal(data.Train.CountByClass(), counts);
    }
}
