using System.Text.RegularExpressions;
using ModelGen.Reporting;
using ModelGen.Runs;
using ModelGen.Samples.Cifar10;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace ModelGen.PyTorch.Tests;

/// <summary>
/// The generated training script run as it is meant to be run: torchrun with two gloo processes on the CPU trains the
/// CIFAR-10 spec on a subset for one epoch, and the .NET evaluation of the model.pt it writes prints the test accuracy
/// PyTorch printed.
/// </summary>
public sealed class DistributedTrainingTests(ITestOutputHelper output)
{
    [RealCifar10Fact]
    public async Task Torchrun_with_two_processes_trains_and_dotnet_evaluates_the_same_accuracy()
    {
        using var export = PythonExport.OfModel("cifar10-cnn.model.yaml");
        var runFolder = export.PathOf("run");

        // torchrun is python3 -m torch.distributed.run. PyTorch 1.13 on Python 3.11 (Debian 12) cannot parse its own
        // default --redirects/--tee values, so they are given: stdout goes to a log and is echoed ("tee").
        var run = await PythonTorch.RunAsync(export.Folder, TimeSpan.FromMinutes(8),
            "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "--redirects", "1", "--tee", "1",
            export.Files.TrainingScriptFileName, "--data", RealCifar10.ArchivePath, "--limit", "2000", "--epochs", "1", "--out", runFolder);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());

        Assert.Contains("2 process(es), cpu (gloo): 32 samples per process and step, global batch 64, learning rate 0.005", run.StandardOutput);
        Assert.Matches(@"Epoch 1/1  lr 0\.005000  loss \d\.\d{4}  acc 0\.\d{4}  test loss \d\.\d{4}  test acc 0\.\d{4}  +[\d,]+ img/s +\d+\.\d s", run.StandardOutput);
        var pytorchAccuracy = Regex.Match(run.StandardOutput, @"Test accuracy: (0\.\d{4})").Groups[1].Value;
        Assert.NotEqual(string.Empty, pytorchAccuracy);

        var console = new TestConsole().Width(200);
        ModelRun.Evaluate<Cifar10Cnn>(new EvaluateRunRequest
        {
            ModelPath = Path.Combine(runFolder, "model.pt"),
            LoadData = (progress, token) => RunData.LoadCifar10(RealCifar10.ArchivePath, limit: null, progress, token),
            OutputFolder = export.PathOf("evaluation"),
        }, new ConsoleRunReporter(console));
        output.WriteLine(console.Output);

        Assert.Contains("(a PyTorch state_dict: every tensor's name and shape match)", console.Output);
        Assert.Contains($"Test accuracy: {pytorchAccuracy}", console.Output);
    }
}
