using ModelGen.Compiler;
using ModelGen.IO;
using static ModelGen.Tool.ModelGenTool;

namespace ModelGen.Tool;

/// <summary>
/// <c>modelgen export pytorch SPEC --out DIR</c>: compiles one spec as the build does and writes what the PyTorch backend
/// makes of it (<see cref="ModelCompiler.ExportPyTorch"/>): the model's Python module and its torchrun training script.
/// A spec with errors gets the build's diagnostic lines and exit code 1, and nothing is written; every file is written
/// atomically (a reader sees the old file or the new one, never half of it).
/// </summary>
public static class ExportCommand
{
    /// <summary>The targets <c>export</c> knows.</summary>
    public static IReadOnlyList<string> Targets { get; } = ["pytorch"];

    public const string Usage = """
        Usage: modelgen export pytorch SPEC --out DIR

        Writes a spec's network for PyTorch into DIR (created if needed):
          <model>.py        an nn.Module with the .NET class's layers, initialisers and state_dict() keys
          train_<model>.py  a training script for torchrun with the spec's training settings

        Options:
          --out DIR            the folder to write into (required)
          --root-namespace NS  namespace for specs that declare none (decides nothing in Python; as 'check')
          -h, --help           show this help

        Exit code: 0 written (warnings allowed), 1 errors in the spec (nothing written), 2 usage mistakes,
        unreadable files or an output folder that cannot be written.
        """;

    /// <param name="args">The arguments after <c>export</c>.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count == 0)
        {
            return UsageError(error, $"no export target given (known: {string.Join(", ", Targets)})", "export");
        }

        if (args[0] is "-h" or "--help" or "-?")
        {
            output.WriteLine(Usage);
            return ExitSuccess;
        }

        if (!Targets.Contains(args[0], StringComparer.Ordinal))
        {
            return UsageError(error, $"unknown export target '{args[0]}' (known: {string.Join(", ", Targets)})", "export");
        }

        if (!TryParse(args.Skip(1).ToList(), out var options, out var problem))
        {
            return UsageError(error, problem, "export");
        }

        if (options.Help)
        {
            output.WriteLine(Usage);
            return ExitSuccess;
        }

        string text;
        try
        {
            text = File.ReadAllText(options.Spec);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(File.Exists(options.Spec) || Directory.Exists(options.Spec)
                ? $"modelgen: cannot read '{options.Spec}': {exception.Message}"
                : $"modelgen: file not found: '{options.Spec}'");
            return ExitUsage;
        }

        var compilation = ModelCompiler.Compile(options.Spec, text, options.RootNamespace);
        var spec = ModelCompiler.Complete(compilation, ModelCompiler.FindNameClashes([compilation]));
        var result = ModelCompiler.ExportPyTorch(spec);
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic.ToBuildLine());
        }

        if (result.Files is not { } files)
        {
            output.WriteLine($"{options.Spec} has errors: nothing written.");
            return ExitErrors;
        }

        return Write(files, options.Out, output, error);
    }

    /// <summary>Creates the folder and writes both files; a folder that cannot be made or written is exit code 2.</summary>
    private static int Write(PyTorchExport files, string folder, TextWriter output, TextWriter error)
    {
        if (File.Exists(folder))
        {
            error.WriteLine($"modelgen: the output folder '{folder}' is a file; pass a folder (it is created if needed)");
            return ExitUsage;
        }

        var written = new List<string>();
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, source) in new[] { (files.ModelFileName, files.ModelSource), (files.TrainingScriptFileName, files.TrainingScriptSource) })
            {
                var path = Path.Combine(folder, name);
                AtomicFile.WriteAllText(path, source);
                written.Add(path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"modelgen: cannot write into '{folder}': {exception.Message}");
            return ExitUsage;
        }

        output.WriteLine($"Wrote {string.Join(" and ", written)}.");
        return ExitSuccess;
    }

    private sealed record Options(string Spec, string Out, string RootNamespace, bool Help);

    private static bool TryParse(IReadOnlyList<string> args, out Options options, out string problem)
    {
        var specs = new List<string>();
        string? folder = null;
        var rootNamespace = string.Empty;
        var help = false;
        options = new Options(string.Empty, string.Empty, rootNamespace, help);
        problem = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                help = true;
            }
            else if (arg is "--out" or "--root-namespace")
            {
                if (i + 1 >= args.Count)
                {
                    problem = $"{arg} needs a value";
                    return false;
                }

                if (arg == "--out")
                {
                    folder = args[++i];
                }
                else
                {
                    rootNamespace = args[++i];
                }
            }
            else if (arg.StartsWith("--out=", StringComparison.Ordinal))
            {
                folder = arg["--out=".Length..];
            }
            else if (arg.StartsWith('-') && arg != "-")
            {
                problem = $"unknown option '{arg}'";
                return false;
            }
            else
            {
                specs.Add(arg);
            }
        }

        if (help)
        {
            options = options with { Help = true };
            return true;
        }

        problem = specs.Count switch
        {
            0 => "no spec given (pass one *.model.yaml file)",
            > 1 => $"export writes one spec at a time, but {specs.Count} were given",
            _ when string.IsNullOrEmpty(folder) => "--out is needed: the folder to write the Python files into",
            _ => string.Empty,
        };
        if (problem.Length > 0)
        {
            return false;
        }

        options = new Options(specs[0], folder!, rootNamespace, help);
        return true;
    }
}
