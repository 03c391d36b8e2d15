using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>The MSBuild task's logging contract, run in-process with a recording build engine.</summary>
public sealed class MSBuildTaskTests
{
    private static (ModelGenFixLibTorchSharp Task, RecordingBuildEngine Engine) Create(string mode, Func<bool?> probe, params string[] files)
    {
        var engine = new RecordingBuildEngine();
        var task = new ModelGenFixLibTorchSharp
        {
            BuildEngine = engine,
            Mode = mode,
            Files = files.Select(file => (ITaskItem)new TaskItem(file)).ToArray(),
            SystemProvidesVersionOverride = probe,
        };
        return (task, engine);
    }

    [Fact]
    public void Patching_logs_the_documented_normal_importance_message()
    {
        using var temp = new TempDirectory("task-patch");
        var path = temp.CopyPristineLibrary();
        (var task, var engine) = Create("auto", () => false, path, path);

        Assert.True(task.Execute());

        var message = Assert.Single(engine.Messages, m => m.Importance == MessageImportance.Normal);
        Assert.Equal(
            $"ModelGen: marked GLIBCXX_3.4.32 weak in {path} (Debian 12 libstdc++ lacks it; see README 'TorchSharp on Debian 12')",
            message.Message);
        Assert.Empty(engine.Warnings);
        Assert.Empty(engine.Errors);
        Assert.Equal(ElfFixVerdict.AlreadyWeak, LibStdCxxAnchorFix.Analyze(File.ReadAllBytes(path)).Verdict);
    }

    [Fact]
    public void System_that_has_the_version_gets_only_a_low_importance_message()
    {
        using var temp = new TempDirectory("task-noop");
        var path = temp.CopyPristineLibrary();
        var before = FileSnapshot.Take(path);
        (var task, var engine) = Create("AUTO", () => true, path);

        Assert.True(task.Execute());

        Assert.All(engine.Messages, m => Assert.Equal(MessageImportance.Low, m.Importance));
        Assert.Contains(engine.Messages, m => m.Message!.Contains("provides GLIBCXX_3.4.32", StringComparison.Ordinal));
        Assert.Empty(engine.Warnings);
        before.AssertUnchanged(path);
    }

    [Fact]
    public void Library_that_really_needs_newer_libstdcxx_gets_a_warning()
    {
        using var temp = new TempDirectory("task-refused");
        var path = temp.Write("libLibTorchSharp.so", SyntheticElf.Gcc13Like().Symbol("_ZNSt7__cxx1112basic_stringIcE4swapERS0_", 5).Build());
        (var task, var engine) = Create("always", () => true, path);

        Assert.True(task.Execute());

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal(ModelGenFixLibTorchSharp.RefusedWarningCode, warning.Code);
        Assert.Equal(path, warning.File);
        Assert.Contains("_ZNSt7__cxx1112basic_stringIcE4swapERS0_", warning.Message);
        Assert.Contains("GCC 13 or newer", warning.Message);
    }

    [Fact]
    public void Invalid_mode_is_an_error()
    {
        (var task, var engine) = Create("sometimes", () => false);

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal(ModelGenFixLibTorchSharp.InvalidModeErrorCode, error.Code);
        Assert.Contains("'sometimes'", error.Message);
    }

    [Fact]
    public void Never_mode_and_non_ELF_files_stay_quiet()
    {
        using var temp = new TempDirectory("task-quiet");
        var text = temp.Write("libLibTorchSharp.so", "not a library"u8.ToArray());
        (var never, var neverEngine) = Create("never", () => false, temp.CopyPristineLibrary("x/libLibTorchSharp.so"));
        (var junk, var junkEngine) = Create("always", () => false, text);

        Assert.True(never.Execute());
        Assert.True(junk.Execute());

        Assert.All(neverEngine.Messages.Concat(junkEngine.Messages), m => Assert.Equal(MessageImportance.Low, m.Importance));
        Assert.Empty(neverEngine.Warnings.Concat(junkEngine.Warnings));
        Assert.Contains(junkEngine.Messages, m => m.Message!.Contains("not an ELF file", StringComparison.Ordinal));
    }
}
