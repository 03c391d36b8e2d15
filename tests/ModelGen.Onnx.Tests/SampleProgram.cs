using System.Reflection;

namespace ModelGen.Onnx.Tests;

/// <summary>The CIFAR-10 sample as its user runs it: the built program (the test project builds it first), a process per command.</summary>
internal static class SampleProgram
{
    private static readonly string Configuration =
        typeof(SampleProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public static string Dll => Path.Combine(TestModels.RepositoryRoot(), "samples", "Cifar10", "bin", Configuration, "net10.0", "Cifar10.dll");

    public static ProcessResult Run(string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(Dll), $"The sample is not built at {Dll}.");
        return ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [Dll, .. arguments], workingDirectory, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
    }

    /// <summary>Exit code 1 with one message that contains <paramref name="expected"/>, and no stack trace.</summary>
    public static void AssertUserError(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode == 1, $"expected exit code 1:\n{result}");
        var output = Flatten(result.Output);
        Assert.Contains(Flatten(expected), output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The console wraps long lines at its width: compare text with every run of white space as one space.</summary>
    public static string Flatten(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
