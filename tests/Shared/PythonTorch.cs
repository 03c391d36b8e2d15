namespace ModelGen.Testing;

/// <summary>
/// The python3 that has PyTorch: $MODELGEN_PYTHON, else the first python3 on PATH that imports torch and numpy, else
/// Debian's /usr/bin/python3 (python3-torch installs there, beside a pyenv or venv python3 that may come first on
/// PATH). Tests that need it fail with the install command when there is none; they never skip.
/// </summary>
public static class PythonTorch
{
    public const string Variable = "MODELGEN_PYTHON";

    private static readonly Lazy<string> Found = new(Find);

    /// <summary>The interpreter's path.</summary>
    /// <exception cref="InvalidOperationException">No python3 with PyTorch and numpy was found.</exception>
    public static string Interpreter => Found.Value;

    /// <summary>Runs the interpreter with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(Interpreter, arguments, workingDirectory, timeout);

    private static string Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen)
        {
            candidates.Add(chosen);
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "python3"))
            .Where(File.Exists));
        candidates.Add("/usr/bin/python3");
        var tried = new List<string>();
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var check = ProcessRunner.RunAsync(candidate, ["-c", "import torch, numpy; print(torch.__version__)"], Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(1))
                    .GetAwaiter().GetResult();
                if (check.ExitCode == 0)
                {
                    return candidate;
                }

                tried.Add($"{candidate} (no torch or numpy)");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                tried.Add($"{candidate} (cannot run)");
            }
        }

        throw new InvalidOperationException(
            $"These tests run the generated Python in PyTorch, and no python3 with PyTorch and numpy was found (tried: {string.Join(", ", tried)}). " +
            $"Install it: apt-get install -y python3-torch python3-numpy (CI does, in .ci/run), or point {Variable} at a python3 that has them.");
    }
}
