using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ModelGen.Data;
using ModelGen.Reporting;
using ModelGen.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// How fast an image folder decodes (<see cref="ImageFolder.Load(string, System.Collections.Immutable.ImmutableArray{long}, ImageFolderOptions?, CancellationToken)"/>):
/// images per second on one thread and on every core, and the memory the decoded pictures take. Without the folder,
/// writes CIFAR-10's 50,000 training images there as PNGs first.
/// </summary>
internal sealed class DecodeBenchCommand : Command<DecodeBenchCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--folder <PATH>")]
        [Description("The image folder to decode. When it does not exist, CIFAR-10's training images (from --data) are written there as PNGs first.")]
        public string Folder { get; init; } = Path.Combine(Path.GetTempPath(), "modelgen-cifar10-png");

        [CommandOption("--rounds <N>")]
        [Description("Timed loads per thread count (the median is reported). Default: 3.")]
        public int Rounds { get; init; } = 3;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Bench(settings, token));

    private static int Bench(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Rounds < 1)
        {
            throw new UserException("--rounds must be at least 1.");
        }

        if (!Directory.Exists(settings.Folder))
        {
            using var data = new ConsoleRunReporter(AnsiConsole.Console).LoadData(progress => RunData.LoadCifar10(settings.Data, null, progress, cancellationToken));
            var clock = Stopwatch.StartNew();
            ImageFolder.Export(data.Train, null, data.ClassNames!, settings.Folder, cancellationToken);
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {data.Train.Inputs.shape[0]:N0} training images as PNGs to {settings.Folder} in {clock.Elapsed.TotalSeconds:0.0} s."));
        }

        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var rates = new List<double>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                using var folder = ImageFolder.Load(settings.Folder, Cifar10Cnn.InputShape, new ImageFolderOptions { MaxDegreeOfParallelism = threads }, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var count = folder.Train.Count;
                rates.Add(count / seconds);
                var megabytes = folder.Train.Images.NumberOfElements / 1e6;
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{threads} thread(s), round {round + 1}: {count:N0} pictures in {seconds:0.00} s = {count / seconds:N0} images/s; decoded: {megabytes:0.0} MB (uint8)"));
            }

            var median = rates.Order().ElementAt(rates.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decoding with {threads} thread(s): {median:N0} images/s (median of {rates.Count})"));
        }

        return 0;
    }
}
