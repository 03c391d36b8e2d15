using ModelGen.Persistence;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// An exponential moving average of a model's floating-point state (weights and batch-norm statistics, as PyTorch's
/// <c>AveragedModel</c> with <c>use_buffers</c>), updated every <see cref="EmaSettings.Every"/> optimisation steps:
/// average = decay x average + (1 - decay) x state. Integer state (batch counts) is copied.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly EmaSettings _settings;
    private readonly Dictionary<string, Tensor> _average;

    public WeightAverage(nn.Module model, EmaSettings settings)
    {
        _settings = settings;
        using var _ = no_grad();
        _average = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Folds the model's state in after the <paramref name="completedSteps"/>-th step, when it is an update step.</summary>
    public void Update(nn.Module model, long completedSteps)
    {
        if (completedSteps % _settings.Every != 0)
        {
            return;
        }

        using var _ = no_grad();
        foreach (var (name, value) in model.state_dict())
        {
            var average = _average[name];
            if (average.is_floating_point())
            {
                average.mul_(_settings.Decay).add_(value, alpha: 1 - _settings.Decay);
            }
            else
            {
                average.copy_(value);
            }
        }
    }

    /// <summary>Until the result is disposed, the model holds the average; then its own state again.</summary>
    public IDisposable Swap(nn.Module model)
    {
        using var _ = no_grad();
        var own = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
        CopyTo(model);
        return new Restore(model, own);
    }

    /// <summary>Copies the average into the model, for good (the end of a run: the saved model is the average).</summary>
    public void CopyTo(nn.Module model) => Copy(_average, model);

    /// <summary>Saves the average beside a checkpoint, as a model file of the same epoch.</summary>
    public void Save<TModel>(TModel model, string path, int epoch)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        using (Swap(model))
        {
            ModelFile.Save(model, path, epoch);
        }
    }

    /// <summary>Reads the average saved beside a checkpoint of <paramref name="epoch"/>; false when there is none for that epoch.</summary>
    public bool Load<TModel>(TModel model, string path, int epoch)
        where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel
    {
        if (!File.Exists(path) || ModelFile.ReadHeader(path).Epoch != epoch)
        {
            return false;
        }

        using var _ = no_grad();
        var own = model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
        ModelFile.Load(model, path);
        foreach (var (name, value) in model.state_dict())
        {
            _average[name].copy_(value);
        }

        using (new Restore(model, own))
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _average.Values)
        {
            tensor.Dispose();
        }
    }

    private static void Copy(IReadOnlyDictionary<string, Tensor> from, nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (name, value) in model.state_dict())
        {
            value.copy_(from[name]);
        }
    }

    private sealed class Restore(nn.Module model, Dictionary<string, Tensor> own) : IDisposable
    {
        public void Dispose()
        {
            Copy(own, model);
            foreach (var tensor in own.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
