using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>How to run a training: overrides of the spec's settings and the machinery around the loop.</summary>
public sealed record TrainingOptions
{
    /// <summary>Overrides the spec's epochs.</summary>
    public int? Epochs { get; init; }

    /// <summary>Overrides the spec's initial learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Seeds weight initialisation (when the trainer creates the model), dropout and shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where to compute. Default: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>A checkpoint is written here after every epoch (and read from it to resume). Null: none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Continue from <see cref="CheckpointPath"/> if it exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Test predictions kept in the evaluation result, for pictures.</summary>
    public int SamplePredictions { get; init; } = 25;
}
