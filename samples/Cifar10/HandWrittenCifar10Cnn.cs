using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ModelGen.Samples.Cifar10;

/// <summary>
/// The same network as models/cifar10-cnn.model.yaml, written by hand in plain TorchSharp the way the
/// TorchSharp examples do: the baseline the benchmark compares the generated class against.
/// </summary>
internal sealed class HandWrittenCifar10Cnn : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1 = Conv2d(3, 16, 3, padding: 1);
    private readonly Conv2d _conv2 = Conv2d(16, 32, 3, padding: 1);
    private readonly MaxPool2d _pool1 = MaxPool2d(2);
    private readonly Dropout _dropout1 = Dropout(0.25);
    private readonly Conv2d _conv3 = Conv2d(32, 32, 3, padding: 1);
    private readonly Conv2d _conv4 = Conv2d(32, 64, 3, padding: 1);
    private readonly MaxPool2d _pool2 = MaxPool2d(2);
    private readonly Dropout _dropout2 = Dropout(0.25);
    private readonly Flatten _flatten = Flatten();
    private readonly Linear _dense1 = Linear(4096, 256);
    private readonly Dropout _dropout3 = Dropout(0.5);
    private readonly Linear _dense2 = Linear(256, 10);

    public HandWrittenCifar10Cnn()
        : base(nameof(HandWrittenCifar10Cnn))
    {
        RegisterComponents();
        foreach (var layer in new Module[] { _conv1, _conv2, _conv3, _conv4, _dense1, _dense2 })
        {
            var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            init.xavier_uniform_(parameters["weight"]);
            init.zeros_(parameters["bias"]);
        }
    }

    /// <summary>Logits; training applies cross-entropy to them, as the generated model's ForwardLogits.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = functional.leaky_relu(_conv1.forward(input), 0.1);
        x = functional.leaky_relu(_conv2.forward(x), 0.1);
        x = _dropout1.forward(_pool1.forward(x));
        x = functional.leaky_relu(_conv3.forward(x), 0.1);
        x = functional.leaky_relu(_conv4.forward(x), 0.1);
        x = _dropout2.forward(_pool2.forward(x));
        x = functional.leaky_relu(_dense1.forward(_flatten.forward(x)), 0.1);
        x = _dense2.forward(_dropout3.forward(x));
        return x.MoveToOuterDisposeScope();
    }
}
