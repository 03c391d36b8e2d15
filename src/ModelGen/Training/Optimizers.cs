using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>Creates the TorchSharp optimizer a spec names.</summary>
public static class Optimizers
{
    /// <summary>The optimizer for <paramref name="settings"/> over <paramref name="parameters"/>, in one group.</summary>
    public static OptimizerHelper Create(OptimizerSettings settings, IEnumerable<Parameter> parameters) =>
        Create(settings, new[] { new TrainableGroup("other", parameters.ToList(), 1, null) });

    /// <summary>
    /// The optimizer for <paramref name="settings"/> over parameter groups (see <see cref="ParameterGrouping"/>): each
    /// group starts at the settings' learning rate times its scale, with its own weight decay if it has one. Groups
    /// are in the optimizer in the given order.
    /// </summary>
    public static OptimizerHelper Create(OptimizerSettings settings, IReadOnlyList<TrainableGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(groups);
        var lr = settings.LearningRate;
        return settings switch
        {
            SgdSettings s => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, s.Momentum, dampening: 0, s.WeightDecay, s.Nesterov),
            AdamSettings s => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, new Adam.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Amsgrad),
            AdamWSettings s => optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, new AdamW.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay, s.Amsgrad),
            AdamaxSettings s => optim.Adamax(
                groups.Select(g => new Adamax.ParamGroup(g.Parameters, new Adamax.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, s.Beta1, s.Beta2, s.Epsilon, s.WeightDecay),
            RmsPropSettings s => optim.RMSProp(
                groups.Select(g => new RMSProp.ParamGroup(g.Parameters, new RMSProp.Options { LearningRate = lr * g.LearningRateScale, weight_decay = g.WeightDecay })),
                lr, s.Alpha, s.Epsilon, s.WeightDecay, s.Momentum, s.Centered),
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

    /// <summary>Sets every group's learning rate to <paramref name="learningRate"/> times its scale (groups as created).</summary>
    public static void SetLearningRate(this optim.Optimizer optimizer, double learningRate, IReadOnlyList<TrainableGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(groups);
        var i = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate * groups[i++].LearningRateScale;
        }
    }
}
