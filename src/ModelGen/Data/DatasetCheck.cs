using ModelGen.Evaluation;
using static TorchSharp.torch;

namespace ModelGen.Data;

/// <summary>Checks a data set against the model it is given to, before any batch is drawn.</summary>
internal static class DatasetCheck
{
    /// <summary>
    /// Throws <see cref="DatasetException"/> unless <paramref name="data"/> fits <typeparamref name="TModel"/>: inputs
    /// shaped <c>[N, ...InputShape]</c>, as uint8 images or float32 features, and targets as the model's output kind
    /// needs them. The message names the data (<paramref name="role"/>), what is wrong and how to fix it.
    /// </summary>
    /// <param name="data">The data set.</param>
    /// <param name="role">What the data is for, as the message should name it: "training data", ...</param>
    public static void Check<TModel>(IDataset data, string role)
        where TModel : IGeneratedModel
    {
        ArgumentNullException.ThrowIfNull(data);
        var inputs = data.Inputs;
        var targets = data.Targets;
        if (inputs is null || targets is null)
        {
            throw new ArgumentException($"The {role} has no {(inputs is null ? "inputs" : "targets")}.", nameof(data));
        }

        var problem = InputProblem<TModel>(inputs)
            ?? (targets.dim() == 0 || targets.shape[0] != inputs.shape[0]
                ? $"it has {inputs.shape[0]} inputs but targets shaped [{string.Join(", ", targets.shape)}]: there must be one target row per input."
                : OutputRules.For<TModel>().TargetProblem(targets));
        if (problem is not null)
        {
            throw new DatasetException($"The {role} does not fit {TModel.ModelName}: {problem}");
        }
    }

    private static string? InputProblem<TModel>(Tensor inputs)
        where TModel : IGeneratedModel
    {
        var expected = TModel.InputShape;
        if (inputs.dtype == ScalarType.Byte && expected.Length != 3)
        {
            return $"its inputs are uint8 ({BatchSource.Describe(inputs)}), which are taken as images [N, C, H, W], but {TModel.ModelName} " +
                $"takes [N, {string.Join(", ", expected)}]. Pass float32 features: inputs.to_type(ScalarType.Float32).";
        }

        if (inputs.dtype is not (ScalarType.Byte or ScalarType.Float32))
        {
            return $"its inputs are {BatchSource.Describe(inputs)}, but inputs must be uint8 images (scaled with the spec's normalisation) " +
                "or float32 features. Convert them with inputs.to_type(ScalarType.Float32).";
        }

        try
        {
            // The same check, and the same hints (channels-last data, a missing batch dimension), as the model's forward.
            ShapeGuard.CheckInput(inputs, TModel.ModelName, expected);
            return null;
        }
        catch (ModelInputShapeException exception)
        {
            return exception.Message.Replace(" (Parameter 'input')", string.Empty, StringComparison.Ordinal);
        }
    }
}
