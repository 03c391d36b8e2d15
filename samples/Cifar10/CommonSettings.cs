using System.ComponentModel;
using Spectre.Console.Cli;

namespace ModelGen.Samples.Cifar10;

/// <summary>Options shared by the commands that touch data and TorchSharp.</summary>
internal class CommonSettings : CommandSettings
{
    [CommandOption("--data <PATH>")]
    [Description("cifar-10-binary.tar.gz or its extracted cifar-10-batches-bin folder, or an image folder (train/ and test/, each with a folder of pictures per class). Default: $MODELGEN_CIFAR10, else the per-user cache (downloaded on first use).")]
    public string? Data { get; init; }

    [CommandOption("--skip-unreadable")]
    [Description("In an image folder, skip files that are not pictures or cannot be decoded, with a warning listing them (default: stop and list them).")]
    public bool SkipUnreadable { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seed for weight initialisation, shuffling, dropout and the pictures' random picks. Default: 1 (a resumed run: its own).")]
    public int? Seed { get; init; }

    [CommandOption("--threads <N>")]
    [Description("CPU threads for TorchSharp, 1 to 1,024 (more than the cores is slower: a warning). Default: one per core.")]
    [OptionRange(1, 1024)]
    public int? Threads { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu, cuda or auto (CUDA needs a TorchSharp-cuda package instead of TorchSharp-cpu). Default: auto.")]
    public string Device { get; init; } = "auto";

    [CommandOption("--out <FOLDER>")]
    [Description("Where to write the model, checkpoints, pictures, report.html and metrics.json. Default: runs/<timestamp>.")]
    public string? Out { get; init; }

    /// <summary><see cref="Seed"/>, or 1.</summary>
    public int SeedOrDefault => Seed ?? 1;
}
