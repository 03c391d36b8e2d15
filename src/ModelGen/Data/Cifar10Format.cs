using System.Globalization;

namespace ModelGen.Data;

/// <summary>The layout of the official CIFAR-10 binary version and the wording shared by its error messages.</summary>
internal static class Cifar10Format
{
    public const string ArchiveName = "cifar-10-binary.tar.gz";
    public const string FolderName = "cifar-10-batches-bin";
    public const string PythonFolderName = "cifar-10-batches-py";
    public const string MetaFileName = "batches.meta.txt";
    public const string TestFileName = "test_batch.bin";
    public const string HomePage = "https://www.cs.toronto.edu/~kriz/cifar.html";

    public const int Channels = 3;
    public const int Height = 32;
    public const int Width = 32;
    public const int ImageBytes = Channels * Height * Width;   // 3,072: 1,024 red, 1,024 green, 1,024 blue
    public const int RecordBytes = 1 + ImageBytes;             // 3,073: the label byte, then the pixels
    public const int OfficialRecordsPerBatch = 10_000;
    public const int TrainBatchCount = 5;
    public const int ClassCount = 10;

    /// <summary>The six batch files in load order: five training batches, then the test batch.</summary>
    public static readonly string[] BatchFileNames =
    [
        "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", TestFileName,
    ];

    public static readonly string[] OfficialClassNames =
    [
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    ];

    /// <summary>0-4 for the training batches, 5 for the test batch, -1 for any other file name.</summary>
    public static int BatchIndex(string fileName) => Array.IndexOf(BatchFileNames, fileName);

    /// <summary>Whole numbers with thousands separators, whatever the culture: 30,730,000.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The sentence that ends every size complaint, for batches of <paramref name="records"/> records.</summary>
    public static string ExpectedSize(int records) =>
        $"a CIFAR-10 batch file is exactly {N((long)records * RecordBytes)} bytes ({N(records)} records of {N(RecordBytes)})";

    /// <summary>
    /// Class names from the text of <c>batches.meta.txt</c>: one per line, surrounding white space and empty lines
    /// ignored. <see langword="null"/> unless there are exactly ten.
    /// </summary>
    public static string[]? ParseClassNames(string text, out int count)
    {
        var names = text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        count = names.Length;
        return names.Length == ClassCount ? names : null;
    }
}
