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
    private readonly Conv2d conv1 = Conv2d(3, 16, 3, padding: 1);
    private readonly Conv2d conv2 = Conv2d(16, 32, 3, padding: 1);
    private readonly MaxPool2d pool1 = MaxPool2d(2);
    private readonly Dropout dropout1 = Dropout(0.25);
    private readonly Conv2d conv3 = Conv2d(32, 32, 3, padding: 1);
    private readonly Conv2d conv4 = Conv2d(32, 64, 3, padding: 1);
    private readonly MaxPool2d pool2 = MaxPool2d(2);
    private readonly Dropout dropout2 = Dropout(0.25);
    private readonly Flatten flatten = Flatten();
    private readonly Linear dense1 = Linear(4096, 256);
    private readonly Dropout dropout3 = Dropout(0.5);
    private readonly Linear dense2 = Linear(256, 10);

    public HandWrittenCifar10Cnn()
        : base(nameof(HandWrittenCifar10Cnn))
    {
        RegisterComponents();
        foreach (var layer in new Module[] { conv1, conv2, conv3, conv4, dense1, dense2 })
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
        var x = functional.leaky_relu(conv1.forward(input), 0.1);
        x = functional.leaky_relu(conv2.forward(x), 0.1);
        x = dropout1.forward(pool1.forward(x));
        x = functional.leaky_relu(conv3.forward(x), 0.1);
        x = functional.leaky_relu(conv4.forward(x), 0.1);
        x = dropout2.forward(pool2.forward(x));
        x = functional.leaky_relu(dense1.forward(flatten.forward(x)), 0.1);
        x = dense2.forward(dropout3.forward(x));
        return x.MoveToOuterDisposeScope();
    }
}
