using System.Collections.Immutable;

namespace ModelGen.Data.Tests;

/// <summary>Batches by index from uint8 images or float features: shapes, normalisation, seeded shuffles, limits, no leaked tensors.</summary>
public class BatchSourceTests
{
    /// <summary>
    /// N images whose first red byte is <c>i % 256</c> and whose other bytes are all <c>(i * 7) % 256</c>, labelled i,
    /// so each batch tells which samples it holds.
    /// </summary>
    private static TensorDataset Numbered(int count)
    {
        var pixels = new byte[count * 3072];
        for (var i = 0; i < count; i++)
        {
            Array.Fill(pixels, (byte)(i * 7 % 256), i * 3072, 3072);
            pixels[i * 3072] = (byte)(i % 256);
        }

        return new TensorDataset(tensor(pixels, [count, 3, 32, 32]), tensor(Enumerable.Range(0, count).Select(i => (long)i).ToArray(), [count]));
    }

    private static List<long> LabelsOfEpoch(BatchSource source, int epoch)
    {
        var labels = new List<long>();
        foreach (var batch in source.Epoch(epoch))
        {
            labels.AddRange(batch.Targets.data<long>().ToArray());
        }

        return labels;
    }

    [Fact]
    public void Batches_have_the_right_shapes_and_the_last_partial_batch_is_included()
    {
        var (images, labels) = Numbered(100);
        using var _ = images;
        using var __ = labels;
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 32, seed: 1);

        var shapes = source.Epoch(1).Select(batch => (batch.Size, ImageShape: batch.Inputs.shape, ImageType: batch.Inputs.dtype, LabelShape: batch.Targets.shape, LabelType: batch.Targets.dtype)).ToList();

        Assert.Equal(4, source.BatchCount);
        Assert.Equal(100, source.Count);
        Assert.Equal(source.BatchCount, shapes.Count);
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
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 8, shuffle: false);

        foreach (var batch in source.Epoch(0))
        {
            var values = batch.Inputs.data<float>().ToArray();
            Assert.Equal(-0.5f, values[0]);
            Assert.Equal(0.5f, values[1]);
            Assert.Equal(51f / 255f - 0.5f, values[2], 6);
            Assert.Equal(128f / 255f - 0.5f, values[3], 6);
            Assert.Equal(3L, batch.Targets.item<long>());
        }

        using var direct = InputNormalization.Tutorial.Normalize(images);
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
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 1, shuffle: false, normalization: normalization);

        foreach (var batch in source.Epoch(1))
        {
            // (255/255 - 0) / 1 = 1; (0 - 0.5) / 0.5 = -1; (1 - 1) / 0.25 = 0.
            Assert.Equal(new[] { 1f, -1f, 0f }, batch.Inputs.data<float>().ToArray());
        }

        Assert.Throws<ArgumentException>(() => new BatchSource(new TensorDataset(images, labels), 1, normalization: new InputNormalization(
            System.Collections.Immutable.ImmutableArray.Create(0.1, 0.2), System.Collections.Immutable.ImmutableArray.Create(1.0))));
    }

    [Fact]
    public void Every_index_comes_exactly_once_per_epoch_with_its_own_image()
    {
        var (images, labels) = Numbered(1000);
        using var _ = images;
        using var __ = labels;
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 64, seed: 42);

        var seen = new List<long>();
        foreach (var batch in source.Epoch(3))
        {
            var batchLabels = batch.Targets.data<long>().ToArray();
            using var firstRed = batch.Inputs[.., 0, 0, 0].contiguous();
            using var lastBlue = batch.Inputs[.., 2, 31, 31].contiguous();
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
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 50, seed: 7);
        var twin = new BatchSource(new TensorDataset(images, labels), batchSize: 50, seed: 7);
        var other = new BatchSource(new TensorDataset(images, labels), batchSize: 50, seed: 8);

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
        Assert.Equal(PinnedOrder, new BatchSource(new TensorDataset(images, labels), 4, seed: 0).GetOrder(1)[..10]);
    }

    private static readonly long[] PinnedOrder = [206, 457, 285, 91, 271, 219, 433, 295, 322, 224];

    [Fact]
    public void Without_shuffle_the_stored_order_is_kept()
    {
        var (images, labels) = Numbered(70);
        using var _ = images;
        using var __ = labels;
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 32, shuffle: false);

        Assert.Equal(Enumerable.Range(0, 70).Select(i => (long)i), LabelsOfEpoch(source, 1));
        Assert.Equal(LabelsOfEpoch(source, 1), LabelsOfEpoch(source, 9));

        // Batches are copies: changing one leaves the data alone.
        foreach (var batch in source.Epoch(1))
        {
            batch.Targets.fill_(-1);
            batch.Inputs.fill_(9f);
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
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 16, seed: 3, limit: 50);
        var unlimited = new BatchSource(new TensorDataset(images, labels), batchSize: 16, limit: 1_000);

        var seen = LabelsOfEpoch(source, 1);

        Assert.Equal(50, source.Count);
        Assert.Equal(4, source.BatchCount);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), seen.Order());
        Assert.Equal(300, unlimited.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSource(new TensorDataset(images, labels), 16, limit: 0));
    }

    [Fact]
    public void An_epoch_leaks_no_tensors_even_inside_dispose_scopes()
    {
        var (images, labels) = Numbered(200);
        using var _ = images;
        using var __ = labels;
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 32, seed: 5);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;

        var liveBefore = statistics.ThreadTotalLiveCount;
        Batch? first = null;
        foreach (var batch in source.Epoch(1))
        {
            using var scope = NewDisposeScope();
            first ??= batch;
            using var sum = (batch.Inputs * 2).sum();   // work in the caller's scope
        }

        using (var outer = NewDisposeScope())
        {
            foreach (var batch in source.Epoch(2))
            {
                batch.Inputs.mean();
            }
        }

        foreach (var batch in source.Epoch(3).Take(2))   // stopping early disposes too
        {
            Assert.False(batch.Inputs.IsInvalid);
        }

        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
        Assert.True(first!.Value.Inputs.IsInvalid, "a batch is disposed when the enumeration moves on");
        Assert.False(images.IsInvalid);
        Assert.False(labels.IsInvalid);
    }

    [Fact]
    public void Batches_prepared_ahead_on_a_worker_are_the_same_and_are_freed_as_the_enumeration_moves_on()
    {
        var (images, labels) = Numbered(200);
        using var _ = images;
        using var __ = labels;
        var data = new TensorDataset(images, labels);
        var augment = new Augmentation(new RandomCrop(2, CropFill.Reflect), FlipMode.Random, 4);
        var normalization = new InputNormalization(ImmutableArray.Create(0.5, 0.4, 0.3), ImmutableArray.Create(0.2, 0.25, 0.3));
        BatchSource Source(bool ahead) => new(data, batchSize: 48, seed: 9, normalization: normalization,
            augmenter: new Augmenter(augment, normalization, seed: 9), channelsLast: true, prepareAhead: ahead);
        var inline = Source(ahead: false);
        var ahead = Source(ahead: true);

        var served = new List<Batch>();
        using (var expected = inline.Epoch(2).GetEnumerator())
        {
            foreach (var batch in ahead.Epoch(2))
            {
                Assert.True(expected.MoveNext());
                Assert.True(batch.Inputs.eq(expected.Current.Inputs).all().item<bool>());
                Assert.True(batch.Targets.eq(expected.Current.Targets).all().item<bool>());
                served.Add(batch);
            }

            Assert.False(expected.MoveNext());
        }

        Assert.Equal(5, served.Count);   // 48, 48, 48, 48, 8
        Assert.All(served, batch => Assert.True(batch.Inputs.IsInvalid && batch.Targets.IsInvalid));

        // Stopping early waits for the batch being prepared and frees it; the data stays usable.
        var firstTwo = ahead.Epoch(3).Take(2).Select(batch => batch.Targets.data<long>().ToArray()).ToList();
        Assert.Equal(LabelsOfEpoch(inline, 3).Take(96), firstTwo.SelectMany(batch => batch));
        Assert.False(images.IsInvalid);
    }

    [Fact]
    public void As_an_IBatchSource_batches_belong_to_the_scope_opened_before_MoveNext()
    {
        var (images, labels) = Numbered(130);
        using var _ = images;
        using var __ = labels;
        IBatchSource source = new BatchSource(new TensorDataset(images, labels), batchSize: 32, seed: 9);
        var statistics = DisposeScopeManager.Statistics.TensorStatistics;
        var liveBefore = statistics.ThreadTotalLiveCount;

        // The trainer's loop: one scope per batch, opened before MoveNext.
        var seen = new List<long>();
        var first = default(Batch);
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
        Assert.Equal(((BatchSource)source).GetOrder(4), seen);
        Assert.Equal(liveBefore, statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void GetBatch_selects_samples_in_the_callers_scope()
    {
        var (images, labels) = Numbered(50);
        using var _ = images;
        using var __ = labels;
        var source = new BatchSource(new TensorDataset(images, labels), batchSize: 8);

        Batch batch;
        using (NewDisposeScope())
        {
            batch = source.GetBatch([5, 0, 49]);
            Assert.Equal([5L, 0L, 49L], batch.Targets.data<long>().ToArray());
            Assert.Equal(5f / 255f - 0.5f, batch.Inputs[0, 0, 0, 0].item<float>(), 6);
        }

        Assert.True(batch.Inputs.IsInvalid, "freed with the caller's scope");
        Assert.Throws<ArgumentOutOfRangeException>(() => source.GetBatch([50]));

        using var unscoped = source.GetBatch([1]);
        Assert.False(unscoped.Inputs.IsInvalid);
    }

    [Fact]
    public void Works_on_a_dataset_split_whose_raw_pixels_stay_readable()
    {
        using var temp = new TempFolder();
        using var data = Cifar10Reader.Read(TinyCifar.WriteFolder(temp.Path, TinyCifar.Files()), new Cifar10ReadOptions { RecordsPerBatch = TinyCifar.Records });
        var source = new BatchSource(data.Train, batchSize: 64, seed: 1, device: CPU);

        Assert.Equal(2, source.BatchCount);
        var chw = data.Train.GetImageChw(17);
        Assert.Equal(Enumerable.Range(0, 3072).Select(p => TinyCifar.Pixel(false, 17, p)), chw);
        Assert.Equal(TinyCifar.Pixel(false, 17, 1024), data.Train.GetImageHwc(17)[1]);   // pixel (0, 0), green
        using (var batch = source.GetBatch([17]))
        using (var expected = tensor(chw.Select(b => b / 255f - 0.5f).ToArray(), [1, 3, 32, 32]))
        {
            Assert.True(batch.Inputs.allclose(expected), "the batch holds image 17, normalised");
            Assert.Equal(data.Train.GetLabel(17), batch.Targets.item<long>());
        }

        var counts = new int[10];
        foreach (var batch in source.Epoch(1))
        {
            foreach (var label in batch.Targets.data<long>().ToArray())
            {
                counts[label]++;
            }
        }

        Assert.Equal(data.Train.CountByClass(), counts);
    }

    [Fact]
    public void Float_features_and_float_targets_are_served_as_they_are()
    {
        // Sample i has features [i, -i, 0.5 i] and targets [2 i, 1]: any mix-up shows.
        var count = 23;
        using var features = tensor(Enumerable.Range(0, count).SelectMany(i => new[] { i, -i, 0.5f * i }).ToArray(), [count, 3]);
        using var targets = tensor(Enumerable.Range(0, count).SelectMany(i => new[] { 2f * i, 1f }).ToArray(), [count, 2]);
        var source = new BatchSource(new TensorDataset(features, targets), batchSize: 10, seed: 4, normalization: InputNormalization.Tutorial);

        Assert.Null(source.Normalization);
        var seen = new List<float>();
        foreach (var batch in source.Epoch(2))
        {
            Assert.Equal(ScalarType.Float32, batch.Inputs.dtype);
            Assert.Equal(new long[] { batch.Size, 2 }, batch.Targets.shape);
            var rows = batch.Inputs.data<float>().ToArray();
            var values = batch.Targets.data<float>().ToArray();
            for (var k = 0; k < batch.Size; k++)
            {
                var i = rows[3 * k];
                Assert.Equal(new[] { i, -i, 0.5f * i }, rows[(3 * k)..((3 * k) + 3)]);
                Assert.Equal(new[] { 2 * i, 1f }, values[(2 * k)..((2 * k) + 2)]);
                seen.Add(i);
            }

            batch.Inputs.fill_(-7f);   // a copy: the data stays as it was
        }

        Assert.Equal(source.GetOrder(2).Select(i => (float)i), seen);
        Assert.Equal(22f, features[22, 0].item<float>());
    }

    [Fact]
    public void Tensors_a_data_set_cannot_have_are_rejected_with_what_is_expected()
    {
        using var doubles = zeros(4, 3, dtype: ScalarType.Float64);
        using var floats = zeros(4, 3);
        using var flatImages = zeros(4, 3, dtype: ScalarType.Byte);
        using var labels = zeros(4, dtype: ScalarType.Int64);
        using var shortLabels = zeros(3, dtype: ScalarType.Int64);
        using var intLabels = zeros(4, dtype: ScalarType.Int32);

        var inputs = Assert.Throws<ArgumentException>(() => new BatchSource(new TensorDataset(doubles, labels), 2));
        Assert.Contains("uint8 images [N, C, H, W] or float32 features [N, ...], not Float64 [4, 3]", inputs.Message);
        Assert.Contains("not Byte [4, 3]", Assert.Throws<ArgumentException>(() => new BatchSource(new TensorDataset(flatImages, labels), 2)).Message);
        Assert.Contains("one row per input (4), not Int64 [3]", Assert.Throws<ArgumentException>(() => new BatchSource(new TensorDataset(floats, shortLabels), 2)).Message);
        Assert.Contains("int64 or float32", Assert.Throws<ArgumentException>(() => new BatchSource(new TensorDataset(floats, intLabels), 2)).Message);
    }
}
