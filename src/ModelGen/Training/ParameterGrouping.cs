using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Training;

/// <summary>
/// One parameter group of the optimizer: its parameters, the factor its learning rate is of the schedule's, and its
/// weight decay (null: the optimizer's).
/// </summary>
/// <param name="Name">batch_norm, bias or other, as the spec's <c>parameter_groups:</c> names them.</param>
/// <param name="Parameters">The trainable parameters of the group.</param>
/// <param name="LearningRateScale">Multiplies the scheduled learning rate.</param>
/// <param name="WeightDecay">The group's weight decay; null: the optimizer's.</param>
public sealed record TrainableGroup(string Name, IReadOnlyList<Parameter> Parameters, double LearningRateScale, double? WeightDecay);

/// <summary>
/// Splits a model's trainable parameters as a spec's <c>parameter_groups:</c> says: batch-norm weights and biases,
/// the biases of the other layers, and all others (a group the spec does not set stays with the others). Frozen
/// parameters (<c>requires_grad</c> off) are left out, so no optimizer decays or moves them.
/// </summary>
public static class ParameterGrouping
{
    /// <summary>The non-empty groups, in the order batch_norm, bias, other (as the PyTorch training script).</summary>
    public static IReadOnlyList<TrainableGroup> Split(nn.Module model, ParameterGroups groups)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(groups);
        var batchNorm = new List<Parameter>();
        var bias = new List<Parameter>();
        var other = new List<Parameter>();
        foreach (var (_, module) in model.named_modules())
        {
            foreach (var (name, parameter) in module.named_parameters(recurse: false))
            {
                if (!parameter.requires_grad)
                {
                    continue;
                }

                var isBatchNorm = module is BatchNorm;
                var target = isBatchNorm && groups.BatchNorm is not null ? batchNorm
                    : !isBatchNorm && name == "bias" && groups.Bias is not null ? bias
                    : other;
                target.Add(parameter);
            }
        }

        var result = new List<TrainableGroup>();
        Add(result, "batch_norm", batchNorm, groups.BatchNorm);
        Add(result, "bias", bias, groups.Bias);
        Add(result, "other", other, null);
        return result;
    }

    private static void Add(List<TrainableGroup> result, string name, List<Parameter> parameters, ParameterGroup? setting)
    {
        if (parameters.Count > 0)
        {
            result.Add(new TrainableGroup(name, parameters, setting?.LearningRateScale ?? 1, setting?.WeightDecay));
        }
    }
}
