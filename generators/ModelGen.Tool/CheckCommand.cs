using System.Globalization;
using ModelGen.Compiler;
using static ModelGen.Tool.ModelGenTool;

namespace ModelGen.Tool;

/// <summary>
/// <c>modelgen check</c>: checks spec files outside a build with the build's own compiler: <see cref="ModelCompiler.Compile"/>
/// for each file, then the step across files (<see cref="ModelCompiler.Complete"/>, which adds MG0014 for duplicate
/// model names), so the diagnostics are the build's, line for line. Prints every diagnostic as the build does, the
/// summary table of each valid spec, and a closing count.
/// </summary>
public static class CheckCommand
{
    public const string Usage = """
        Usage: modelgen check [options] PATH...

        Checks ModelGen specs (*.model.yaml) as the build does: prints every diagnostic in the build's format
        (path(line,col): error MG0005: ...), the summary table of each valid spec, and a closing count.
        PATH is a spec file or a folder (every *.model.yaml below it); shell globs work.

        Options:
          --root-namespace NS  namespace for specs that declare none (the project's RootNamespace; default: none)
          --quiet              print only the diagnostics and the closing count, not the summaries
          -h, --help           show this help

        Exit code: 0 no errors (warnings allowed), 1 errors, 2 usage mistakes or unreadable files.
        """;

    /// <param name="args">The arguments after <c>check</c>.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var options, out var problem))
        {
            return UsageError(error, problem, "check");
        }

        if (options.Help)
        {
            output.WriteLine(Usage);
            return ExitSuccess;
        }

        var compilations = new List<SpecCompilation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in options.Paths)
        {
            if (!TryExpand(path, out var files, out problem))
            {
                error.WriteLine($"modelgen: {problem}");
                return ExitUsage;
            }

            foreach (var file in files)
            {
                // A file named twice on the command line (directly and through its folder) is checked once.
                if (!seen.Add(Path.GetFullPath(file)))
                {
                    continue;
                }

                try
                {
                    compilations.Add(SpecFiles.Compile(file, options.RootNamespace));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"modelgen: cannot read '{file}': {exception.Message}");
                    return ExitUsage;
                }
            }
        }

        return Check(compilations, options.Quiet, output);
    }

    /// <summary>The generator's steps, in the generator's order: each spec compiled, then the cross-file names.</summary>
    private static int Check(IReadOnlyList<SpecCompilation> compilations, bool quiet, TextWriter output)
    {
        var clashes = ModelCompiler.FindNameClashes(compilations);
        var results = compilations.Select(c => ModelCompiler.Complete(c, clashes)).ToList();

        var errors = 0;
        var warnings = 0;
        foreach (var diagnostic in results.SelectMany(r => r.Diagnostics))
        {
            output.WriteLine(diagnostic.ToBuildLine());
            errors += diagnostic.IsError ? 1 : 0;
            warnings += diagnostic.IsError ? 0 : 1;
        }

        var separate = errors + warnings > 0;
        if (!quiet)
        {
            // A spec has a model exactly when the build would generate its class.
            foreach (var result in results.Where(r => r.Model is not null))
            {
                if (separate)
                {
                    output.WriteLine();
                }

                output.WriteLine($"{result.FilePath}:");
                output.WriteLine(ModelCompiler.Summary(result.Model!));
                separate = true;
            }
        }

        if (separate)
        {
            output.WriteLine();
        }

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}, {1}, {2}",
            Count(compilations.Count, "spec"), Count(errors, "error"), Count(warnings, "warning")));
        return errors > 0 ? ExitErrors : ExitSuccess;
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static bool TryExpand(string path, out IReadOnlyList<string> files, out string problem)
    {
        problem = string.Empty;
        if (Directory.Exists(path))
        {
            files = SpecFiles.Below(path);
            if (files.Count == 0)
            {
                problem = $"no {ModelCompiler.SpecExtension} files in the folder '{path}'";
                return false;
            }

            return true;
        }

        files = [path];
        if (File.Exists(path))
        {
            return true;
        }

        problem = path.Contains('*', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal)
            ? $"no file matches '{path}'"
            : $"file not found: '{path}'";
        return false;
    }

    private sealed record Options(IReadOnlyList<string> Paths, string RootNamespace, bool Quiet, bool Help);

    private static bool TryParse(IReadOnlyList<string> args, out Options options, out string problem)
    {
        var paths = new List<string>();
        var rootNamespace = string.Empty;
        var quiet = false;
        var help = false;
        var onlyPaths = false;
        options = new Options(paths, rootNamespace, quiet, help);
        problem = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPaths || !arg.StartsWith('-') || arg == "-")
            {
                paths.Add(arg);
            }
            else if (arg == "--")
            {
                onlyPaths = true;
            }
            else if (arg is "-h" or "--help" or "-?")
            {
                help = true;
            }
            else if (arg == "--quiet" || arg == "-q")
            {
                quiet = true;
            }
            else if (arg == "--root-namespace")
            {
                if (i + 1 >= args.Count)
                {
                    problem = "--root-namespace needs a value";
                    return false;
                }

                rootNamespace = args[++i];
            }
            else if (arg.StartsWith("--root-namespace=", StringComparison.Ordinal))
            {
                rootNamespace = arg["--root-namespace=".Length..];
            }
            else
            {
                problem = $"unknown option '{arg}'";
                return false;
            }
        }

        if (!help && paths.Count == 0)
        {
            problem = "no spec files given (pass *.model.yaml files or folders)";
            return false;
        }

        options = new Options(paths, rootNamespace, quiet, help);
        return true;
    }
}
