using ModelGen.Onnx.Protobuf;
using static TorchSharp.torch;

namespace ModelGen.Onnx;

/// <summary>
/// Builds the nodes and initializers of one ONNX graph. Every value is named after the node that computes it
/// (<c>conv1</c>, <c>conv1/leaky_relu</c>), so the graph reads like the model's summary in a viewer such as Netron;
/// weights are initializers named by their <c>state_dict()</c> keys (<c>conv1.weight</c>).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly IReadOnlyDictionary<string, Tensor> _weights;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <param name="graph">The graph to add to.</param>
    /// <param name="weights">The model's <c>state_dict()</c>.</param>
    /// <param name="reservedNames">The graph's input and output names, which no node may take.</param>
    public OnnxGraphBuilder(GraphProto graph, IReadOnlyDictionary<string, Tensor> weights, params string[] reservedNames)
    {
        _graph = graph;
        _weights = weights;
        _names.UnionWith(reservedNames);
    }

    /// <summary>
    /// Adds a node computing one value named <paramref name="name"/> (or <c>name_2</c>, ... when a layer is called
    /// like the graph's input or output), and returns the value's name.
    /// </summary>
    public string Node(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var unique = name;
        for (var i = 2; _names.Contains(unique); i++)
        {
            unique = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        name = unique;
        Reserve(name);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name;
    }

    /// <summary>A weight of the model as an initializer named by its <c>state_dict()</c> key, in float32.</summary>
    /// <exception cref="InvalidOperationException">The model has no such tensor (the architecture and the module disagree).</exception>
    public string Weight(string layerName, string key)
    {
        var name = layerName + "." + key;
        if (!_weights.TryGetValue(name, out var weight))
        {
            throw new InvalidOperationException(
                $"The model's state_dict has no '{name}', which its architecture implies: the generated class and ModelGen.Onnx do not match.");
        }

        using var values = weight.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return Initializer(name, values.shape, values.data<float>().ToArray());
    }

    /// <summary>A constant (shared by every node that uses the same <paramref name="name"/>).</summary>
    public string Constant(string name, long[] dimensions, params float[] values) =>
        _names.Contains(name) ? name : Initializer(name, dimensions, values);

    /// <summary>The last value becomes the graph's output <paramref name="outputName"/> (renamed, or copied when it is the input).</summary>
    public void Finish(string value, string outputName)
    {
        var last = _graph.Node.Count == 0 ? null : _graph.Node[^1];
        if (last is not null && last.Output[0] == value)
        {
            last.Output[0] = outputName;
        }
        else
        {
            var node = new NodeProto { OpType = "Identity", Name = outputName };
            node.Input.Add(value);
            node.Output.Add(outputName);
            _graph.Node.Add(node);
        }
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Initializer(string name, long[] dimensions, float[] values)
    {
        Reserve(name);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"Two ONNX values would be named '{name}'.");
        }
    }
}
