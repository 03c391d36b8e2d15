using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ModelGen.Data.Tests;

/// <summary>Loads the real archive once for all real-data tests and remembers how long it took.</summary>
public sealed class RealCifar10Fixture : IDisposable
{
    private readonly Lazy<(Cifar10Dataset Data, TimeSpan Elapsed)> _load = new(() =>
    {
        var stopwatch = Stopwatch.StartNew();
        var data = Cifar10Dataset.Load(RealCifar10.ArchivePath);
        return (data, stopwatch.Elapsed);
    });

    public Cifar10Dataset Data => _load.Value.Data;

    public TimeSpan LoadTime => _load.Value.Elapsed;

    public void Dispose()
    {
        if (_load.IsValueCreated)
        {
            _load.Value.Data.Dispose();
        }
    }
}

public class RealCifar10Tests(RealCifar10Fixture fixture, ITestOutputHelper output) : IClassFixture<RealCifar10Fixture>
{
    [RealCifar10Fact]
    public void The_archive_loads_with_the_documented_spot_values()
    {
        var data = fixture.Data;
        output.WriteLine($"Loading {RealCifar10.ArchivePath} (streamed from the .tar.gz, validated) took {fixture.LoadTime.TotalSeconds:0.00} s.");

        Assert.Equal(new long[] { 50_000, 3, 32, 32 }, data.Train.Images.shape);
        Assert.Equal(new long[] { 50_000 }, data.Train.Labels.shape);
        Assert.Equal(new long[] { 10_000, 3, 32, 32 }, data.Test.Images.shape);
        Assert.Equal(new long[] { 10_000 }, data.Test.Labels.shape);
        Assert.Equal(Cifar10Dataset.OfficialClassNames, data.ClassNames);

        Assert.Equal(6, data.Train.GetLabel(0));
        Assert.Equal(new byte[] { 59, 43, 50, 68, 98 }, Red(data.Train, 0));
        Assert.Equal(new byte[] { 140, 84, 72 }, Last(data.Train, 0));
        Assert.Equal([6L, 9, 9, 4, 1], data.Train.Labels[..5].data<long>().ToArray());

        Assert.Equal(3, data.Test.GetLabel(0));
        Assert.Equal(new byte[] { 158, 159, 165, 166, 160 }, Red(data.Test, 0));
        Assert.Equal(new byte[] { 124, 129, 110 }, Last(data.Test, 0));
        Assert.Equal([3L, 8, 8, 0, 6], data.Test.Labels[..5].data<long>().ToArray());

        Assert.Equal(Enumerable.Repeat(5_000, 10), data.Train.CountByClass());
        Assert.Equal(Enumerable.Repeat(1_000, 10), data.Test.CountByClass());
        using var trainCounts = data.Train.Labels.bincount(null);
        Assert.Equal(Enumerable.Repeat(5_000L, 10), trainCounts.data<long>().ToArray());

        static byte[] Red(LabeledImages split, int index)
        {
            using var row = split.Images[index, 0, 0, ..5].contiguous();
            return row.data<byte>().ToArray();
        }

        static byte[] Last(LabeledImages split, int index)
        {
            using var row = split.Images[index, 2, 31, 29..].contiguous();
            return row.data<byte>().ToArray();
        }
    }

    [RealCifar10Fact]
    public void Batches_over_the_real_data_are_fast_and_cover_every_image()
    {
        var source = new BatchSource(fixture.Data.Train, batchSize: 64, seed: 1);
        var stopwatch = Stopwatch.StartNew();
        var images = 0L;
        double checksum = 0;
        foreach (var batch in source.Epoch(1))
        {
            images += batch.Size;
            checksum += batch.Targets.sum().item<long>();   // touch the data
        }

        stopwatch.Stop();
        output.WriteLine(
            $"One epoch of batches ({source.BatchCount} x 64, index_select + normalise, no model): {stopwatch.Elapsed.TotalSeconds:0.00} s, " +
            $"{images / stopwatch.Elapsed.TotalSeconds:N0} images/s.");
        Assert.Equal(50_000, images);
        Assert.Equal(5_000 * 45, checksum);
    }

    [RealCifar10Fact]
    public void A_limit_keeps_the_first_images_of_the_real_data()
    {
        using var limited = Cifar10Dataset.Load(RealCifar10.ArchivePath, limit: 5_000);

        Assert.Equal(5_000, limited.Train.Count);
        Assert.Equal(10_000, limited.Test.Count);
        using var scope = NewDisposeScope();
        Assert.True(limited.Train.Images.eq(fixture.Data.Train.Images[..5_000]).all().item<bool>());
        Assert.True(limited.Train.Labels.eq(fixture.Data.Train.Labels[..5_000]).all().item<bool>());
    }
}
