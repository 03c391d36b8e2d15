using ModelGen.Build.Tests.Infrastructure;
using TorchSharp;

namespace ModelGen.Build.Tests;

/// <summary>This test project gets the fix too (UseModelGenBuildTasks): its own copy of the native library must load.</summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Native_library_loads_and_computes()
    {
        using var ones = torch.ones(2, 3);
        using var sum = ones.sum();

        Assert.Equal(6f, sum.item<float>());
    }

    [Fact]
    public void Output_copy_was_fixed_by_the_imported_targets_exactly_when_needed()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var pristine = File.ReadAllBytes(TestEnvironment.PristineLibTorchSharp);
        var copy = File.ReadAllBytes(output);

        if (TestEnvironment.AutoModePatchesHere)
        {
            Assert.Equal(ElfFixVerdict.AlreadyWeak, LibStdCxxAnchorFix.Analyze(copy).Verdict);
            Assert.Single(ByteDiff.Offsets(pristine, copy));
        }
        else
        {
            Assert.Equal(pristine, copy);
        }

        Assert.Equal(File.GetLastWriteTimeUtc(TestEnvironment.PristineLibTorchSharp), File.GetLastWriteTimeUtc(output));
    }
}
