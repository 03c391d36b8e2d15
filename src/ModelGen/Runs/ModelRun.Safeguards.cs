using ModelGen.IO;
using ModelGen.Persistence;
using ModelGen.Training;
using static TorchSharp.torch;

namespace ModelGen.Runs;

/// <summary>What a training run checks before it starts, and how it words a failure that leaves a checkpoint behind.</summary>
public static partial class ModelRun
{
    /// <summary>Refuses a batch size (or a model) whose training cannot fit in this machine's memory, with the estimate.</summary>
    private static void CheckMemory<TModel>(int batchSize)
        where TModel : IGeneratedModel
    {
        if (TrainingMemory.Estimate(TModel.Architecture, batchSize).Refusal(TModel.ModelName, TrainingMemory.Available) is { } refusal)
        {
            throw new RunException(refusal);
        }
    }

    /// <summary>What a resume takes from its checkpoint, and what it changes, for the plan.</summary>
    private static IEnumerable<string> ResumeNotes(ResumeResolution resume)
    {
        if (resume.Recorded is not { } recorded)
        {
            yield break;
        }

        yield return $"Resuming with the run's own settings: {recorded}.";
        if (resume.Changes.Count > 0)
        {
            yield return $"Changed on purpose, as allowed: {string.Join(", ", resume.Changes)}.";
        }
    }

    /// <summary>
    /// Runs <paramref name="step"/>; when it cannot write a file (a full disk, a folder made read-only), says so together
    /// with what the checkpoint still holds, so the person running it knows the work up to there is safe.
    /// </summary>
    private static T WithCheckpointAdvice<T>(string checkpoint, Func<T> step)
    {
        try
        {
            return step();
        }
        // Model files and exports say "Cannot write ..." when a write fails; a file that cannot be read is another matter.
        catch (Exception exception) when (
            (exception is ModelFileException && exception.Message.StartsWith("Cannot write", StringComparison.Ordinal)) || IoFailure.IsIoProblem(exception))
        {
            var message = exception is ModelFileException ? exception.Message : $"A file of the run could not be written: {IoFailure.Describe(exception)}.";
            throw new RunException($"{message} {CheckpointState(checkpoint)}", exception);
        }
    }

    private static string CheckpointState(string checkpoint)
    {
        try
        {
            if (File.Exists(checkpoint))
            {
                var epoch = ModelFile.ReadHeader(checkpoint).Epoch;
                return $"{checkpoint} still holds epoch {epoch}, complete: free space (or make the folder writable), then resume the run to continue from it.";
            }
        }
        catch (ModelFileException)
        {
            // Unreadable: say nothing about it rather than something wrong.
        }

        return "No epoch was complete: free space (or make the folder writable) and run again.";
    }
}
