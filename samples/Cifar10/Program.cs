using ModelGen.Samples.Cifar10;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("Cifar10");
    config.AddCommand<SummaryCommand>("summary")
        .WithDescription("Print the Keras-style summary of the network compiled from models/cifar10-cnn.model.yaml.");
    config.AddCommand<NotYetAvailableCommand>("train")
        .WithDescription("Train the network on CIFAR-10 with the spec's training settings (coming next: issue #3).");
    config.AddCommand<NotYetAvailableCommand>("evaluate")
        .WithDescription("Evaluate a saved model on the CIFAR-10 test set (coming next: issue #3).");
});

return app.Run(args);
