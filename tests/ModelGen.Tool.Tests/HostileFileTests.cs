using System.Diagnostics;
using ModelGen.Compiler.Language;

namespace ModelGen.Tool.Tests;

/// <summary>
/// `modelgen check` on files and folders that are not ordinary specs: it never hangs on a pipe, never reads a device
/// without end, never reads a file too large to be a spec, and walks a folder with a symbolic-link loop once.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modelgen-hostile-files", Guid.NewGuid().ToString("N"));

    public HostileFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_pipe_named_like_a_spec_is_not_waited_on()
    {
        var fifo = Path.Combine(_folder, "pipe.model.yaml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var run = await Task.Run(() => CheckCommandTests.Run(["check", fifo])).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        Assert.Contains($"{fifo}(1,1): error MG0002: the spec file is empty", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_never_ends_is_not_read()
    {
        var run = CheckCommandTests.Run(["check", "/dev/zero"]);

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        Assert.Contains("/dev/zero(1,1): error MG0002: the spec file is empty", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_too_large_to_be_a_spec_is_refused_with_MG0024()
    {
        var huge = Path.Combine(_folder, "huge.model.yaml");
        using (var stream = File.Create(huge))
        {
            stream.SetLength((4L * SpecLimits.MaxSpecLength) + 1);
        }

        var run = CheckCommandTests.Run(["check", huge]);

        Assert.Equal(ModelGenTool.ExitErrors, run.ExitCode);
        Assert.Contains($"{huge}(1,1): error MG0024: the spec file is 4,000,001 bytes long; ModelGen reads specs of at most 1,000,000 characters", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_with_a_symbolic_link_loop_is_walked_once()
    {
        var inner = Directory.CreateDirectory(Path.Combine(_folder, "specs", "inner")).FullName;
        File.WriteAllText(Path.Combine(inner, "net.model.yaml"), "model: Net\ninput: [4]\nlayers:\n  - dense: 2\n");
        Directory.CreateSymbolicLink(Path.Combine(inner, "back"), Path.Combine(_folder, "specs"));

        var run = CheckCommandTests.Run(["check", "--quiet", Path.Combine(_folder, "specs")]);

        Assert.Equal(ModelGenTool.ExitSuccess, run.ExitCode);
        Assert.Equal("1 spec, 0 errors, 0 warnings\n", run.Output);
    }
}
