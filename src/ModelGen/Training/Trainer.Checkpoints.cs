using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// What a run keeps and restores: checkpoints with the run's settings, history and callbacks' state, the weights
/// early stopping may restore, the weight average beside a checkpoint, and what the callbacks decide after an epoch.
/// </summary>
public sealed partial class Trainer<TModel>
{
    /// <summary>Where the weight average of a checkpoint is saved: beside it, <c>name.average.mgm</c>.</summary>
    public static string AveragePath(string checkpointPath) => Path.ChangeExtension(checkpointPath, ".average.mgm");

    /// <summary>The file beside a checkpoint that holds the weights early stopping would restore.</summary>
    public static string BestWeightsPath(string checkpointPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, Path.GetFileNameWithoutExtension(checkpointPath) + "-best-weights.mgm");

    /// <summary>
    /// Starts the weight average from the model's weights, or, resuming after <paramref name="resumedEpoch"/>, reads
    /// the one saved beside that checkpoint; a run stopped between the two writes restarts it from the checkpoint's weights.
    /// </summary>
    private void StartWeightAverage(int? resumedEpoch)
    {
        if (Settings.Ema is not { } ema)
        {
            return;
        }

        _average?.Dispose();
        _average = new WeightAverage(Model, ema);
        if (resumedEpoch is { } epoch && _options.CheckpointPath is { } path)
        {
            _average.Load(Model, AveragePath(path), epoch);
        }
    }

    /// <summary>Does what the callbacks decided after <paramref name="epoch"/>.</summary>
    private void Act(CallbackDecision decision, int epoch)
    {
        if (decision.KeepBestWeights)
        {
            DisposeBestWeights();
            _bestWeights = Model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
            if (_options.CheckpointPath is { } checkpoint)
            {
                ModelFile.Save(Model, BestWeightsPath(checkpoint), epoch);
            }
        }

        if (decision.SaveBestModel && _options.BestModelPath is { } best)
        {
            ModelFile.Save(Model, best, epoch, extra: _options.BestModelExtra);
            var figure = _callbacks.State.BestCheckpoint!;
            _observer.CallbackActed(epoch, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"saved {Path.GetFileName(best)}: {MonitoredMetricNames.NameOf(figure.Monitor)} {figure.Best:0.0000}, the best so far"));
        }

        foreach (var note in decision.Notes)
        {
            _observer.CallbackActed(epoch, note);
        }
    }

    /// <summary>With early stopping's restore_best, puts back the best epoch's weights unless the last epoch was the best.</summary>
    private void RestoreBestWeights()
    {
        if (Settings.EarlyStopping is not { RestoreBest: true } || _callbacks.State.EarlyStopping is not { BestEpoch: > 0 } state || _bestWeights is null)
        {
            return;
        }

        if (_history.Count > 0 && _history[^1].Epoch == state.BestEpoch)
        {
            return;
        }

        using (no_grad())
        {
            Model.load_state_dict(_bestWeights);
        }

        RestoredEpoch = state.BestEpoch;
        _observer.CallbackActed(state.BestEpoch, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"restored the weights of epoch {state.BestEpoch} ({MonitoredMetricNames.NameOf(state.Monitor)} {state.Best:0.0000}), the best"));
    }

    private void DisposeBestWeights()
    {
        foreach (var tensor in _bestWeights?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }

        _bestWeights = null;
    }

    /// <summary>
    /// Restores weights, optimizer state, history and the callbacks' state from a checkpoint, and the best weights so
    /// far from the file beside it; returns its epoch.
    /// </summary>
    private int RestoreCheckpoint(string path)
    {
        if (Settings.EarlyStopping is { RestoreBest: true } && File.Exists(BestWeightsPath(path)))
        {
            ModelFile.Load(Model, BestWeightsPath(path));
            _bestWeights = Model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
        }

        var header = ModelFile.Load(Model, path, Optimizer);
        var (_, history, callbacks) = TrainingCheckpoint.Parse(header.Extra);
        _history.Clear();
        _history.AddRange(history);
        if (callbacks is not null)
        {
            _callbacks.Restore(callbacks);
        }

        return header.Epoch;
    }

    private void StopIfDiverged(int epoch, string where, double loss, double learningRate)
    {
        if (_options.OnNonFiniteLoss == NonFiniteLossAction.Stop)
        {
            throw new TrainingDivergedException(epoch, where, loss, learningRate, [.. _history]);
        }
    }
}
