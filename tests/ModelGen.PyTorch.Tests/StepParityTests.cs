using ModelGen.Data;
using ModelGen.Training;
using Xunit.Abstractions;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The training script trains as the .NET trainer does: from the same weights, two optimisation steps on the same
/// batches with the script's optimizer and loss (make_optimizer, loss_outputs, compute_loss) leave the same weights
/// and batch-norm statistics within 1e-5 as Trainer's optimizer and loss do, for every optimizer and loss of the
/// catalogue. Deterministic: dropout is put in eval mode on both sides (its random masks come from two different
/// generators), while batch norm trains (batch statistics, running averages). Both sides compute in float64: an
/// Adam-family step is about lr x g / (|g| + eps), so for a gradient element near eps a float32 rounding difference of
/// 1e-10 in g moves the weight by up to lr / (4 eps) x 1e-10, 2.5e-5 at lr 0.01; in float64 the same formulas agree to
/// far below the tolerance, and any difference left is a difference in what is computed.
/// </summary>
public sealed class StepParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    /// <summary>Each spec's own training section, and sections that bring in the rest of the catalogue.</summary>
    public static TheoryData<string, string?> Cases => new()
    {
        { "cifar10-cnn.model.yaml", null },                                   // adamax, categorical_cross_entropy
        { "cifar10-fast.model.yaml", null },                                  // sgd nesterov with weight decay; frozen parameters
        { "conv-options.model.yaml", null },                                  // adamw with amsgrad, binary_cross_entropy
        { "house-prices.model.yaml", null },                                  // rmsprop centered with momentum, mse
        { "mnist-mlp.model.yaml", null },                                     // sgd with nesterov momentum, nll
        { "tiny-classifier.model.yaml", null },                               // adam (defaults), categorical_cross_entropy
        { "cifar10-cnn.model.yaml", "optimizer: {sgd: {lr: 0.1, momentum: 0.9, weight_decay: 0.001}}\n  loss: cross_entropy" },
        { "tiny-classifier.model.yaml", "optimizer: sgd\n  loss: cross_entropy" },
        { "mnist-mlp.model.yaml", "optimizer: {adam: {lr: 0.01, weight_decay: 0.01, amsgrad: true}}\n  loss: nll" },
        { "tiny-classifier.model.yaml", "optimizer: {adamw: 0.01}" },
        { "house-prices.model.yaml", "optimizer: {adamax: {lr: 0.01, weight_decay: 0.001}}\n  loss: mse" },
        { "conv-options.model.yaml", "optimizer: {rmsprop: {lr: 0.01}}\n  loss: binary_cross_entropy" },

        // Label smoothing of every loss that has it, and parameter groups with their own rates and weight decays.
        { "cifar10-cnn.model.yaml", "optimizer: {sgd: 0.1}\n  loss: cross_entropy\n  label_smoothing: 0.2" },
        {
            "mnist-mlp.model.yaml",
            "optimizer: {sgd: {lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.01}}\n  loss: nll\n  label_smoothing: 0.1\n" +
            "  parameter_groups: {batch_norm: {lr_scale: 4, weight_decay: 0}, bias: {lr_scale: 2, weight_decay: 0}}"
        },
        { "conv-options.model.yaml", "optimizer: {adam: 0.01}\n  loss: binary_cross_entropy\n  label_smoothing: 0.1\n  parameter_groups: {bias: {weight_decay: 0.5}}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Two_steps_in_PyTorch_equal_two_steps_in_TorchSharp(string specFile, string? training)
    {
        using var export = PythonExport.Write(SpecWith(specFile, training), specFile);
        var settings = TrainingSettingsOf(export);
        var dotnet = GeneratedModels.Run(specFile, new DotnetSteps(export, settings));

        await export.RunParityAsync("step", export.ScriptModule, export.PathOf("weights.pt"), export.PathOf("batches.pt"), export.PathOf("after.pt"));

        var python = StateDictFiles.Load(export.PathOf("after.pt"));
        Assert.Equal(dotnet.Keys.Order(), python.Keys.Order());
        var differences = dotnet.Keys.ToDictionary(name => name, name => (dotnet[name].to(float64) - python[name].to(float64)).abs().max().item<double>());
        var worst = differences.Values.Max();
        output.WriteLine($"{specFile} ({settings.Optimizer}, {settings.Loss}): max |TorchSharp - PyTorch| after two steps = {worst:E2} ({differences.MaxBy(d => d.Value).Key})");
        Assert.True(worst <= Tolerance, $"{specFile}: weights differ by {worst:E2} after two steps (more than {Tolerance:E0})");
    }

    /// <summary>The spec's text with its training section replaced (or added) when <paramref name="training"/> is given.</summary>
    private static string SpecWith(string specFile, string? training)
    {
        var text = File.ReadAllText(Path.Combine(GeneratedModels.ModelsFolder, specFile));
        if (training is null)
        {
            return text;
        }

        var start = text.IndexOf("\ntraining:", StringComparison.Ordinal);
        return (start < 0 ? text : text[..start]) + "\ntraining:\n  " + training + "\n";
    }

    /// <summary>The runtime's settings for the exported script's training section, read back from the compiled spec.</summary>
    private static TrainingSettings TrainingSettingsOf(PythonExport export) => RuntimeSettings.From(export.Training);

    /// <summary>
    /// The .NET side: a seeded model with random weights, saved for Python; two random batches, saved; two steps as
    /// the trainer's batch loop takes them (its optimizer and loss, dropout in eval mode); the weights after.
    /// </summary>
    private sealed class DotnetSteps(PythonExport export, TrainingSettings settings) : IModelAction<Dictionary<string, Tensor>>
    {
        public Dictionary<string, Tensor> Run<TModel>()
            where TModel : nn.Module<Tensor, Tensor>, IGeneratedModel, new()
        {
            manual_seed(11);
            var model = new TModel();
            using (no_grad())
            {
                WeightsRandomizer.Randomize(model);
            }

            model.to(float64);

            Persistence.PyTorchWeights.Save(model, export.PathOf("weights.pt"));
            var batches = new Dictionary<string, Tensor>();
            for (var i = 0; i < 2; i++)
            {
                batches[$"inputs{i}"] = randn(new long[] { 8 }.Concat(TModel.InputShape).ToArray(), dtype: float64) * 0.5;
                batches[$"targets{i}"] = Targets<TModel>(8);
            }

            StateDictFiles.Save(export.PathOf("batches.pt"), batches);
            model.train();
            foreach (var (_, module) in model.named_modules())
            {
                if (module is ModelGen.Modules.FastDropout dropout)
                {
                    dropout.eval();
                }
            }

            using var optimizer = Optimizers.Create(settings.Optimizer, ParameterGrouping.Split(model, settings.ParameterGroups));
            for (var i = 0; i < 2; i++)
            {
                optimizer.zero_grad();
                var outputs = settings.Loss.ModelOutputs(model, batches[$"inputs{i}"]);
                settings.Loss.Compute(outputs, batches[$"targets{i}"], settings.LabelSmoothing).backward();
                optimizer.step();
            }

            return model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());
        }

        /// <summary>What the trainer feeds the loss: class indices for classifiers, 0/1 values for sigmoid, values for regression.</summary>
        private static Tensor Targets<TModel>(int count)
            where TModel : IGeneratedModel => TModel.OutputKind switch
            {
                ModelOutputKind.Sigmoid => randint(0, 2, new long[] { count }.Concat(TModel.OutputShape).ToArray()).to(float64),
                ModelOutputKind.Regression => randn(new long[] { count }.Concat(TModel.OutputShape).ToArray(), dtype: float64),
                _ => randint(0, TModel.OutputShape[^1], [count], dtype: int64),
            };
    }
}
