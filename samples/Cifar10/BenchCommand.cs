using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ModelGen.Reporting;
using ModelGen.Runs;
using ModelGen.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// Training throughput of the generated model (through ModelGen's trainer) against the same network written by
/// hand in plain TorchSharp, measured in one process, interleaved, on the same batches, data pipeline included. The
/// ratio is the median of each round's ratio of the two throughputs.
/// </summary>
internal sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--rounds <N>")]
        [OptionRange(1, 1000)]
        [Description("Measured rounds per model (after one warm-up round each). Default: 5.")]
        public int Rounds { get; init; } = 5;

        [CommandOption("--batches <N>")]
        [OptionRange(1, 100_000)]
        [Description("Training batches per round. Default: 40.")]
        public int Batches { get; init; } = 40;

        [CommandOption("--standard-layout")]
        [Description("Give the trainer batches in the standard [N, C, H, W] layout instead of channels-last, as the hand-written loop gets them (to measure what channels-last gains).")]
        public bool StandardLayout { get; init; }

        [CommandOption("--serial-data")]
        [Description("Prepare the trainer's batches in the training thread, between steps, instead of ahead on a worker thread (to measure what the overlap gains).")]
        public bool SerialData { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandRunner.Run(token => Bench(settings, token));

    private static int Bench(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Rounds < 1 || settings.Batches < 1)
        {
            throw new UserException("--rounds and --batches must be at least 1.");
        }

        var threads = TorchSetup.ConfigureThreads(settings.Threads);
        var device = TorchSetup.SelectDevice(settings.Device);
        var batchSize = Cifar10Cnn.Training.BatchSize;
        using var data = new ConsoleRunReporter(AnsiConsole.Console)
            .LoadData(progress => RunData.LoadCifar10(settings.Data, settings.Batches * batchSize, progress, cancellationToken));

        manual_seed(settings.SeedOrDefault);
        using var generated = new Cifar10Cnn();
        using var trainer = new Trainer<Cifar10Cnn>(generated, new TrainingOptions { Seed = settings.SeedOrDefault, Device = device, ChannelsLast = !settings.StandardLayout, PrepareBatchesAhead = !settings.SerialData });
        // Both models train on the same samples in the same order, scaled as the spec says. The trainer's batches come
        // as it makes them (channels-last); the hand-written loop gets them as hand-written TorchSharp code makes them,
        // in the standard layout.
        var batches = trainer.TrainingBatches(data.Train);
        var standardBatches = new Data.BatchSource(
            data.Train, batchSize, shuffle: true, settings.SeedOrDefault, device: device, normalization: Cifar10Cnn.Training.Normalization);
        using var handWritten = new HandWrittenCifar10Cnn();
        handWritten.to(device);
        using var handOptimizer = optim.Adamax(handWritten.parameters(), Cifar10Cnn.Training.Optimizer.LearningRate);

        AnsiConsole.MarkupLineInterpolated(
            $"Benchmark: {settings.Rounds} rounds of {settings.Batches} batches of {batchSize} per model, interleaved; {threads} thread(s), device {device.type}.");
        var generatedRates = new List<double>();
        var handRates = new List<double>();
        var generatedTimes = new StepTimes();
        var handTimes = new StepTimes();
        for (var round = 0; round <= settings.Rounds; round++)
        {
            // Alternate which model goes first, so neither always runs on a warmer (or more contended) machine.
            var order = round % 2 == 0 ? new[] { true, false } : new[] { false, true };
            foreach (var useGenerated in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var times = new StepTimes();
                var rate = useGenerated
                    ? trainer.TrainPass(batches, round + 1, settings.Batches, cancellationToken, times).ImagesPerSecond
                    : HandWrittenPass(handWritten, handOptimizer, standardBatches, round + 1, settings.Batches, times);
                if (round == 0)
                {
                    continue;
                }

                (useGenerated ? generatedRates : handRates).Add(rate);
                (useGenerated ? generatedTimes : handTimes).Add(times);
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {(useGenerated ? "generated   " : "hand-written")} {rate,8:0.0} images/s"));
            }
        }

        // Each round runs both loops back to back, so the round's ratio is taken on the same machine speed; this host's
        // speed drifts from minute to minute (up to 2x between days), which a ratio of the two medians would mix in.
        var roundRatios = generatedRates.Zip(handRates, (generatedRate, handRate) => generatedRate / handRate).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated (ModelGen trainer): {Median(generatedRates):0.0} images/s (median)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hand-written TorchSharp:      {Median(handRates):0.0} images/s (median)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rounds' ratios: {string.Join(' ', roundRatios.Select(ratio => ratio.ToString("0.00", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (generated/hand-written throughput): {Median(roundRatios):0.00} (median of the rounds' ratios)"));
        WriteTimes(generatedTimes, handTimes, settings.Rounds * settings.Batches);
        return 0;
    }

    /// <summary>Milliseconds per batch in each phase, for both loops, over every measured round.</summary>
    private static void WriteTimes(StepTimes generated, StepTimes handWritten, int batches)
    {
        var table = new Table().AddColumn("ms per batch").AddColumn("generated", c => c.RightAligned()).AddColumn("hand-written", c => c.RightAligned());
        foreach (var (phase, select) in new (string, Func<StepTimes, TimeSpan>)[]
        {
            ("data", t => t.Data), ("forward", t => t.Forward), ("backward", t => t.Backward), ("optimizer", t => t.Optimizer), ("total", t => t.Total),
        })
        {
            table.AddRow(phase, Milliseconds(select(generated), batches), Milliseconds(select(handWritten), batches));
        }

        AnsiConsole.Write(table);
    }

    private static string Milliseconds(TimeSpan time, int batches) =>
        (time.TotalMilliseconds / batches).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The training loop as the TorchSharp examples write it.</summary>
    private static double HandWrittenPass(HandWrittenCifar10Cnn model, optim.Optimizer optimizer, IBatchSource source, int epoch, int maxBatches, StepTimes times)
    {
        model.train();
        long seen = 0;
        var clock = Stopwatch.StartNew();
        using var batches = source.Epoch(epoch).GetEnumerator();
        for (var step = 0; step < maxBatches; step++)
        {
            using var scope = NewDisposeScope();
            times.Start();
            if (!batches.MoveNext())
            {
                break;
            }

            var (inputs, targets) = batches.Current;
            times.DataDone();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(inputs), targets);
            times.ForwardDone();
            loss.backward();
            times.BackwardDone();
            optimizer.step();
            times.OptimizerDone();
            seen += targets.shape[0];
        }

        return seen / clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
