using System.Reflection;

namespace ModelGen.Tool;

/// <summary>
/// <c>modelgen &lt;command&gt;</c>: the ModelGen compiler's command line. Each command is a class with its own options;
/// the exit codes are shared: 0 success, 1 errors in the specs, 2 a usage mistake or an unreadable file.
/// </summary>
public static class ModelGenTool
{
    /// <summary>Every spec is valid (warnings allowed), and what was asked for is written.</summary>
    public const int ExitSuccess = 0;

    /// <summary>At least one spec has an error.</summary>
    public const int ExitErrors = 1;

    /// <summary>The command line is wrong, or a file is missing or unreadable.</summary>
    public const int ExitUsage = 2;

    public const string Usage = """
        Usage: modelgen <command> [options]

        Commands:
          check PATH...   check specs (*.model.yaml) as the build does: diagnostics, summaries, a closing count
          export pytorch SPEC --out DIR
                          write the spec's network as a PyTorch module and a torchrun training script

        Options:
          -h, --help      show this help (or a command's: modelgen check --help)
          --version       show the version

        Exit code: 0 success, 1 errors in the specs, 2 usage mistakes or unreadable files.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        switch (args.Count == 0 ? null : args[0])
        {
            case "check":
                return CheckCommand.Run(args.Skip(1).ToList(), output, error);
            case "export":
                return ExportCommand.Run(args.Skip(1).ToList(), output, error);
            case "-h" or "--help" or "-?" or "help":
                output.WriteLine(Usage);
                return ExitSuccess;
            case "--version":
                output.WriteLine(typeof(ModelGenTool).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                return ExitSuccess;
            case null:
                return UsageError(error, "no command given");
            case var other:
                return UsageError(error, other.StartsWith('-') ? $"unknown option '{other}'" : $"unknown command '{other}'");
        }
    }

    /// <summary>A one-line message and where to find help, on standard error; exit code 2.</summary>
    internal static int UsageError(TextWriter error, string problem, string command = "")
    {
        error.WriteLine($"modelgen: {problem}");
        error.WriteLine($"Run 'modelgen{(command.Length > 0 ? " " + command : string.Empty)} --help' for usage.");
        return ExitUsage;
    }
}
