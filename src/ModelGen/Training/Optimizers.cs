using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>Creates the TorchSharp optimizer a spec names.</summary>
public static class Optimizers
{
    /// <summary>The optimizer for <paramref name="settings"/> over <paramref name="parameters"/>.</summary>
    public static OptimizerHelper Create(OptimizerSettings settings, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings switch
        {
            SgdSettings s => optim.SGD(parameters, s.LearningRate, s.Momentum, dampening: 0, s.WeightDecay, s.Nesterov),
            AdamSettings s => optim.Adam(parameters, s.LearningRate, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Amsgrad),
            AdamWSettings s => optim.AdamW(parameters, s.LearningRate, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Amsgrad),
            AdamaxSettings s => optim.Adamax(parameters, s.LearningRate, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay),
            RmsPropSettings s => optim.RMSProp(parameters, s.LearningRate, s.Alpha, s.Epsilon, s.WeightDecay, s.Momentum, s.Centered),
            _ => throw new NotSupportedException($"Unknown optimizer {settings.GetType().Name}."),
        };
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(this optim.Optimizer optimizer, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
