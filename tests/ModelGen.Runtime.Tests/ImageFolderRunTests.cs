using ModelGen.Data;
using ModelGen.Runs;
using ModelGen.Samples.Cifar10;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Training runs on image folders: the same pictures as CIFAR-10's binary files give the same run.</summary>
public class ImageFolderRunTests
{
    private const int TrainCount = 200;
    private const int TestCount = TrainCount / 5;   // the binary files' record count: every file holds as many

    [RealCifar10Fact]
    public void Cifar10_pictures_written_as_png_class_folders_train_to_the_same_result_as_the_binary_files()
    {
        using var folder = new TemporaryFolder();
        using (var real = new Cifar10Loader().LoadAsync(RealCifar10.ArchivePath, limit: TrainCount).GetAwaiter().GetResult())
        {
            // An image folder lists a split's pictures class by class, so the binary files get them in that order too.
            var train = ClassOrdered(real.Train, TrainCount);
            var test = ClassOrdered(real.Test, TestCount);
            WriteBinary(Path.Combine(folder.Path, "binary", "cifar-10-batches-bin"), train, test);
            ImageFolder.Export(train, test, real.ClassNames, Path.Combine(folder.Path, "png"));

            // PNG is lossless: the folder's pictures are the archive's, byte for byte.
            using var loaded = ImageFolder.Load<Cifar10Cnn>(Path.Combine(folder.Path, "png"));
            Assert.Equal(train.Inputs.shape, loaded.Train.Images.shape);
            Assert.True(loaded.Train.Images.eq(train.Inputs).all().item<bool>());
            Assert.True(loaded.Train.Labels.eq(train.Targets).all().item<bool>());
            Assert.True(loaded.Test!.Images.eq(test.Inputs).all().item<bool>());
            Assert.Equal(real.ClassNames, loaded.ClassNames);
            foreach (var tensor in new[] { train.Inputs, train.Targets, test.Inputs, test.Targets })
            {
                tensor.Dispose();
            }
        }

        var binary = Path.Combine(folder.Path, "binary");
        var fromBinary = Train(Path.Combine(folder.Path, "run-binary"), (_, token) =>
        {
            var data = new Cifar10Loader { RecordsPerBatch = TestCount }.LoadAsync(binary, cancellationToken: token).GetAwaiter().GetResult();
            return new RunData(data.Train, data.Test, data.ClassNames, data.SourcePath, data);
        });
        var png = Path.Combine(folder.Path, "png");
        var fromFolder = Train(Path.Combine(folder.Path, "run-png"), (progress, token) => RunData.LoadImages<Cifar10Cnn>(png, limit: null, folderOptions: null, progress, token));

        Assert.Equal(2, fromFolder.Epochs.Count);
        Assert.Equal(fromBinary.Epochs.Select(e => e.TrainLoss), fromFolder.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(fromBinary.Epochs.Select(e => e.TestLoss), fromFolder.Epochs.Select(e => e.TestLoss));
        Assert.Equal(fromBinary.Test.Accuracy, fromFolder.Test.Accuracy);
        Assert.Equal(fromBinary.Test.Loss, fromFolder.Test.Loss);
        Assert.Equal(TestCount, fromFolder.Test.SampleCount);
    }

    private static RunOutcome Train(string output, Func<IProgress<DownloadProgress>, CancellationToken, RunData> load) =>
        ModelRun.Train<Cifar10Cnn>(
            new TrainRunRequest
            {
                LoadData = load,
                OutputFolder = output,
                Training = new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 3, SamplePredictions = 0 },
            },
            new RecordingReporter());

    /// <summary>The first <paramref name="count"/> pictures, sorted by class (stably: by position within a class).</summary>
    private static TensorDataset ClassOrdered(LabeledImages images, int count)
    {
        var order = Enumerable.Range(0, count).OrderBy(images.GetLabel).ThenBy(i => i).Select(i => (long)i).ToArray();
        using var index = tensor(order);
        return new TensorDataset(images.Images.index_select(0, index).DetachFromDisposeScope(), images.Labels.index_select(0, index).DetachFromDisposeScope());
    }

    /// <summary>CIFAR-10's binary layout: records of a label byte and 3,072 CHW pixel bytes; five training files and a test file.</summary>
    private static void WriteBinary(string folder, TensorDataset train, TensorDataset test)
    {
        Directory.CreateDirectory(folder);
        var perFile = TrainCount / 5;
        for (var file = 0; file < 5; file++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"data_batch_{file + 1}.bin"), Records(train, file * perFile, perFile));
        }

        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(test, 0, TestCount));
    }

    private static byte[] Records(TensorDataset data, int start, int count)
    {
        var pixels = data.Inputs.narrow(0, start, count).contiguous().data<byte>().ToArray();
        var labels = data.Targets.narrow(0, start, count).data<long>().ToArray();
        var records = new byte[count * 3073];
        for (var i = 0; i < count; i++)
        {
            records[i * 3073] = (byte)labels[i];
            pixels.AsSpan(i * 3072, 3072).CopyTo(records.AsSpan((i * 3073) + 1));
        }

        return records;
    }
}
