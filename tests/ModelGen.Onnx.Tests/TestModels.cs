using System.Reflection;
using System.Runtime.CompilerServices;

namespace ModelGen.Onnx.Tests;

/// <summary>The generated classes of models/*.model.yaml compiled into this assembly, and inputs for them.</summary>
internal static class TestModels
{
    public static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", ".."));

    public static string ModelsFolder => Path.Combine(RepositoryRoot(), "models");

    /// <summary>The generated classes in this assembly, by model name.</summary>
    public static Dictionary<string, Type> Generated() =>
        typeof(TestModels).Assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract && typeof(IGeneratedModel).IsAssignableFrom(type))
            .ToDictionary(type => (string)type.GetProperty(nameof(IGeneratedModel.ModelName), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Generated().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>Calls <paramref name="method"/> (a generic method of <paramref name="owner"/>) with the model class named <paramref name="modelName"/>.</summary>
    public static void Invoke(Type owner, string method, string modelName, params object?[] arguments)
    {
        var generic = owner.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            generic.MakeGenericMethod(Generated()[modelName]).Invoke(null, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
        }
    }

    /// <summary>
    /// Real-ish inputs as a data set would hold them: random uint8 pixels for image models, standard-normal features
    /// otherwise.
    /// </summary>
    public static Tensor Inputs<TModel>(int count, int seed)
        where TModel : IGeneratedModel
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var shape = new long[] { count }.Concat(TModel.InputShape).ToArray();
        return TModel.InputShape.Length == 3
            ? randint(0, 256, shape, dtype: ScalarType.Byte, generator: generator)
            : randn(shape, generator: generator);
    }

    /// <summary>
    /// Makes every weight and buffer random (including batch norm's scale, shift and running statistics, which start
    /// at 1, 0, 0 and 1 and would hide a wrong mapping), as after training. Weights and shifts are normal with standard
    /// deviation <paramref name="scale"/>.
    /// </summary>
    public static void Randomize(nn.Module model, int seed, float scale = 0.3f)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        using var noGradients = no_grad();
        foreach (var (name, tensor) in model.state_dict())
        {
            if (!tensor.is_floating_point())
            {
                continue;
            }

            using var values = name.EndsWith("running_var", StringComparison.Ordinal)
                ? rand(tensor.shape, generator: generator) + 0.5f
                : randn(tensor.shape, generator: generator) * scale;
            tensor.copy_(values);
        }
    }
}
