using System.Collections.Immutable;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>Checks tensors against the shapes a generated model was compiled for.</summary>
public static class ShapeGuard
{
    /// <summary>
    /// Throws <see cref="ModelInputShapeException"/> unless <paramref name="input"/> is a batch shaped
    /// <c>[N, ..expected]</c> for any N.
    /// </summary>
    public static void CheckInput(Tensor input, string modelName, ImmutableArray<long> expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        var actual = input.shape;
        if (actual.Length == expected.Length + 1 && actual.AsSpan(1).SequenceEqual(expected.AsSpan()))
        {
            return;
        }

        throw new ModelInputShapeException(modelName, expected, actual.ToImmutableArray());
    }
}

/// <summary>A generated model received an input whose shape does not match its spec.</summary>
public sealed class ModelInputShapeException : ArgumentException
{
    /// <summary>Creates the exception with a message naming the model, the expected and the actual shape.</summary>
    public ModelInputShapeException(string modelName, ImmutableArray<long> expected, ImmutableArray<long> actual)
        : base(Describe(modelName, expected, actual), "input")
    {
        ModelName = modelName;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The model that rejected the input.</summary>
    public string ModelName { get; }

    /// <summary>The expected shape of one sample, without the batch dimension.</summary>
    public ImmutableArray<long> Expected { get; }

    /// <summary>The shape of the tensor that was passed, batch dimension included.</summary>
    public ImmutableArray<long> Actual { get; }

    private static string Describe(string modelName, ImmutableArray<long> expected, ImmutableArray<long> actual)
    {
        var wanted = "[N, " + string.Join(", ", expected) + "]";
        var got = "[" + string.Join(", ", actual) + "]";
        var message = $"{modelName} expects input shaped {wanted} (N = any batch size), but got {got}.";
        if (actual.AsSpan().SequenceEqual(expected.AsSpan()))
        {
            return message + " The batch dimension is missing: pass input.unsqueeze(0) for a single sample.";
        }

        if (expected.Length == 3 && actual.Length == 4 && actual[3] == expected[0] && actual[1] == expected[1] && actual[2] == expected[2])
        {
            return message + " This looks like channels-last (NHWC) data: pass input.permute(0, 3, 1, 2).";
        }

        return message;
    }
}
