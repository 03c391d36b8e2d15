using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelGen.Persistence;

namespace ModelGen.Training;

/// <summary>
/// The settings of a training run as its checkpoints record them, so that resuming continues that run rather than
/// a mixture of two.
/// </summary>
/// <param name="Epochs">Epochs the run trains.</param>
/// <param name="BatchSize">Samples per optimisation step.</param>
/// <param name="LearningRate">The optimizer's initial learning rate.</param>
/// <param name="Limit">The limit on training samples; <see langword="null"/>: all.</param>
/// <param name="Seed">The seed of the run's randomness.</param>
/// <param name="DataIdentity">What the run trains on (<see cref="TrainingOptions.DataIdentity"/>), if known.</param>
public sealed record RecordedRunSettings(int Epochs, int BatchSize, double LearningRate, int? Limit, int Seed, string? DataIdentity)
{
    /// <summary>"epochs 3, batch size 64, learning rate 0.005, limit 3,000, seed 1".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"epochs {Epochs}, batch size {BatchSize}, learning rate {LearningRate:R}, limit {TrainingCheckpoint.LimitText(Limit)}, seed {Seed}");
}

/// <summary>A setting a resume asks for that differs from what the checkpoint records.</summary>
/// <param name="Setting">Which: <c>epochs</c>, <c>batch size</c>, <c>learning rate</c>, <c>limit</c>, <c>seed</c> or <c>data</c>.</param>
/// <param name="Recorded">The checkpoint's value, as text.</param>
/// <param name="Requested">The value asked for, as text.</param>
public sealed record SettingChange(string Setting, string Recorded, string Requested)
{
    /// <summary>"epochs 10 (the run's: 3)".</summary>
    public override string ToString() => $"{Setting} {Requested} (the run's: {Recorded})";
}

/// <summary>What a resume will do: the options with the recorded settings filled in, and what it changes (if allowed).</summary>
/// <param name="Options">The options to train with.</param>
/// <param name="Recorded">What the checkpoint records; <see langword="null"/> for a new run, or a checkpoint that records nothing.</param>
/// <param name="Changes">The settings that differ from the recorded ones (only when <see cref="TrainingOptions.AllowSettingChanges"/>).</param>
public sealed record ResumeResolution(TrainingOptions Options, RecordedRunSettings? Recorded, IReadOnlyList<SettingChange> Changes);

/// <summary>A resume asks for settings (or data) other than those of the run it continues, without allowing it.</summary>
public sealed class TrainingSettingsConflictException : Exception
{
    /// <summary>Creates the exception; the message names the checkpoint, the run's settings and each difference.</summary>
    public TrainingSettingsConflictException(string checkpointPath, RecordedRunSettings recorded, IReadOnlyList<SettingChange> changes)
        : base(
            $"{checkpointPath} continues a run that was started with {recorded}; this resume asks for {string.Join(", ", changes)}. " +
            "A resumed run keeps its own settings, so it ends as the uninterrupted run would: leave these out to continue as it " +
            "started, or allow the change explicitly (TrainingOptions.AllowSettingChanges).")
    {
        CheckpointPath = checkpointPath;
        Recorded = recorded;
        Changes = changes;
    }

    /// <summary>The checkpoint of the run.</summary>
    public string CheckpointPath { get; }

    /// <summary>What the checkpoint records.</summary>
    public RecordedRunSettings Recorded { get; }

    /// <summary>The differences asked for.</summary>
    public IReadOnlyList<SettingChange> Changes { get; }
}

/// <summary>
/// What a trainer stores in a checkpoint besides the weights and the optimizer's state (the model file's
/// <see cref="ModelFileHeader.Extra"/>): the run's settings and the history so far, as JSON; and how a resume reads them.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>A diverged loss (NaN) must survive the round trip, so the JSON allows named floating-point literals.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The run settings a checkpoint at <paramref name="path"/> records, or <see langword="null"/> (a checkpoint
    /// written before checkpoints recorded them, or a model file).</summary>
    /// <exception cref="ModelFileException">The file cannot be read.</exception>
    public static RecordedRunSettings? ReadSettings(string path) => Parse(ModelFile.ReadHeader(path).Extra).Run;

    /// <summary>The epochs a checkpoint at <paramref name="path"/> records, oldest first.</summary>
    /// <exception cref="ModelFileException">The file cannot be read.</exception>
    public static IReadOnlyList<EpochMetrics> ReadHistory(string path) => Parse(ModelFile.ReadHeader(path).Extra).History;

    /// <summary>
    /// The options a trainer with <paramref name="options"/> trains with. For a resume from an existing checkpoint,
    /// every override left null takes the checkpoint's value; one that differs (or other data) is refused unless
    /// <see cref="TrainingOptions.AllowSettingChanges"/>.
    /// </summary>
    /// <exception cref="TrainingSettingsConflictException">The options differ from the checkpoint's, without permission.</exception>
    /// <exception cref="ModelFileException">The checkpoint cannot be read.</exception>
    public static ResumeResolution Resolve(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Resume || options.CheckpointPath is not { } path || !File.Exists(path) || ReadSettings(path) is not { } recorded)
        {
            return new ResumeResolution(options, null, []);
        }

        var changes = new List<SettingChange>();
        void Compare<T>(string setting, T? requested, T value, Func<T, string> text)
            where T : struct
        {
            if (requested is { } asked && !EqualityComparer<T>.Default.Equals(asked, value))
            {
                changes.Add(new SettingChange(setting, text(value), text(asked)));
            }
        }

        Compare("epochs", options.Epochs, recorded.Epochs, Invariant);
        Compare("batch size", options.BatchSize, recorded.BatchSize, Invariant);
        Compare("learning rate", options.LearningRate, recorded.LearningRate, rate => rate.ToString("R", CultureInfo.InvariantCulture));
        if (options.Limit is { } limit && limit != recorded.Limit)
        {
            changes.Add(new SettingChange("limit", LimitText(recorded.Limit), LimitText(limit)));
        }

        Compare("seed", options.Seed, recorded.Seed, Invariant);
        if (options.DataIdentity is { } data && recorded.DataIdentity is { } recordedData && data != recordedData)
        {
            changes.Add(new SettingChange("data", recordedData, data));
        }

        if (changes.Count > 0 && !options.AllowSettingChanges)
        {
            throw new TrainingSettingsConflictException(path, recorded, changes);
        }

        var resolved = options with
        {
            Epochs = options.Epochs ?? recorded.Epochs,
            BatchSize = options.BatchSize ?? recorded.BatchSize,
            LearningRate = options.LearningRate ?? recorded.LearningRate,
            Limit = options.Limit ?? recorded.Limit,
            Seed = options.Seed ?? recorded.Seed,
        };
        return new ResumeResolution(resolved, recorded, changes);
    }

    internal static string Serialize(RecordedRunSettings run, IReadOnlyList<EpochMetrics> history, CallbackState? callbacks = null) =>
        JsonSerializer.Serialize(new Content(run, [.. history], callbacks), Json);

    /// <summary>
    /// The settings, history and callbacks' state in a checkpoint's extra JSON; checkpoints of earlier versions hold
    /// only the history (an array).
    /// </summary>
    internal static (RecordedRunSettings? Run, List<EpochMetrics> History, CallbackState? Callbacks) Parse(string? extra)
    {
        if (string.IsNullOrWhiteSpace(extra))
        {
            return (null, [], null);
        }

        if (extra.TrimStart().StartsWith('['))
        {
            return (null, JsonSerializer.Deserialize<List<EpochMetrics>>(extra, Json) ?? [], null);
        }

        var content = JsonSerializer.Deserialize<Content>(extra, Json);
        return (content?.Run, content?.History ?? [], content?.Callbacks);
    }

    internal static string LimitText(int? limit) => limit?.ToString("N0", CultureInfo.InvariantCulture) ?? "all";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Content(RecordedRunSettings? Run, List<EpochMetrics> History, CallbackState? Callbacks = null);
}
