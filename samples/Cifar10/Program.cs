using ModelGen.Samples;
using ModelGen.Samples.Cifar10;
using Spectre.Console;
using Spectre.Console.Cli;

// Options are checked against each command's declared ones first: unknown and out-of-range ones are errors.
var commands = new Dictionary<string, Type>(StringComparer.Ordinal)
{
    ["summary"] = typeof(SummaryCommand),
    ["train"] = typeof(TrainCommand),
    ["evaluate"] = typeof(EvaluateCommand),
    ["export"] = typeof(ExportCommand),
    ["predict"] = typeof(PredictCommand),
    ["bench-inference"] = typeof(InferenceBenchCommand),
    ["bench"] = typeof(BenchCommand),
};
try
{
    OptionCheck.Check(args, commands, defaultCommand: typeof(TrainCommand), defaultCommandName: "trains");
}
catch (UserException exception)
{
    AnsiConsole.MarkupLineInterpolated($"[red]Error:[/] {exception.Message}");
    return 1;
}

// Without a command, the sample does what the Keras tutorial does: train, evaluate and report.
var app = new CommandApp<TrainCommand>();
app.Configure(config =>
{
    // What Spectre itself refuses (an unknown command, a missing value) and anything unforeseen exits with 1 too.
    config.SetExceptionHandler((exception, _) => CommandRunner.Unhandled(exception));
    config.SetApplicationName("Cifar10");
    config.AddCommand<SummaryCommand>("summary")
        .WithDescription("Print the Keras-style summary of the network compiled from models/cifar10-cnn.model.yaml.");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train on CIFAR-10 with the spec's settings, save, reload and evaluate the model, and write the report.")
        .WithExample("train", "--data", "../shared/datasets/cifar-10-binary.tar.gz")
        .WithExample("train", "--limit", "5000", "--epochs", "1")
        .WithExample("train", "--data", "my-pictures", "--validation-split", "0.1");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Evaluate a saved model on the CIFAR-10 test set, without training.")
        .WithExample("evaluate", "--model", "runs/20261128-120000/model.mgm")
        .WithExample("evaluate", "--model", "runs/20261128-120000/model.onnx")
        .WithExample("evaluate", "--model", "runs/pytorch-20261128-120000/model.pt");
    config.AddCommand<ExportCommand>("export")
        .WithDescription("Write a saved model in another format: ONNX for deployment, or a PyTorch state_dict.")
        .WithExample("export", "--model", "runs/20261128-120000/model.mgm", "--onnx", "cifar10.onnx")
        .WithExample("export", "--model", "runs/20261128-120000/model.mgm", "--pytorch-weights", "model.pt");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Classify pictures (files and folders) or test-set images with a saved model (.mgm in TorchSharp, .onnx in ONNX Runtime).")
        .WithExample("predict", "--model", "runs/20261128-120000/model.mgm", "cat.png", "more-pictures/")
        .WithExample("predict", "--model", "runs/20261128-120000/model.mgm", "cat.png", "--json")
        .WithExample("predict", "--model", "runs/20261128-120000/model.onnx", "--test-index", "0", "--test-index", "1");
    config.AddCommand<InferenceBenchCommand>("bench-inference")
        .WithDescription("Inference throughput of ONNX Runtime against TorchSharp, at batch 1 and 256.");
    config.AddCommand<DecodeBenchCommand>("bench-decode")
        .WithDescription("Decoding throughput of an image folder (50,000 CIFAR-10 PNGs by default), on one thread and on every core.");
    config.AddCommand<BenchCommand>("bench")
        .WithDescription("Training throughput of the generated model against the same network written by hand in TorchSharp.");
});

return app.Run(args);
