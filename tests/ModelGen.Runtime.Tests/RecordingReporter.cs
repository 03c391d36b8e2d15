using ModelGen.Data;
using ModelGen.Persistence;
using ModelGen.Runs;
using ModelGen.Training;

namespace ModelGen.Runtime.Tests;

/// <summary>Records the stages a run reports, and the training plan.</summary>
internal sealed class RecordingReporter : IRunReporter
{
    public List<string> Events { get; } = [];

    public TrainingPlan? Plan { get; private set; }

    /// <summary>Called with the epoch of every checkpoint written (to interrupt a run there, say).</summary>
    public Action<int>? CheckpointSaved { get; init; }

    public RunData LoadData(Func<IProgress<DownloadProgress>, RunData> load)
    {
        Events.Add("load");
        return load(new Progress<DownloadProgress>());
    }

    public void ModelLoaded(string path, ModelFileHeader header) => Events.Add("model");

    public void TrainingStarting(TrainingPlan plan)
    {
        Events.Add("plan");
        Plan = plan;
    }

    public IReadOnlyList<EpochMetrics> Train(Func<ITrainingObserver, IReadOnlyList<EpochMetrics>> train)
    {
        Events.Add("train");
        return train(new NoObserver(this));
    }

    public void Finished(RunOutcome outcome) => Events.Add("finished");

    private sealed class NoObserver(RecordingReporter reporter) : ITrainingObserver
    {
        public void CheckpointSaved(int epoch, string path) => reporter.CheckpointSaved?.Invoke(epoch);
    }
}
