using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>The file-level fix: modes, the loader decision, idempotence, temp-then-rename, hard links.</summary>
public sealed class FixFileTests
{
    private static void AssertPatchedCopyOf(string path, byte[] original)
    {
        var now = File.ReadAllBytes(path);
        var changed = Assert.Single(ByteDiff.Offsets(original, now));
        Assert.Equal(original[changed] | 0x2, now[changed]);
        Assert.Equal(ElfFixVerdict.AlreadyWeak, LibStdCxxAnchorFix.Analyze(now).Verdict);
    }

    [Fact]
    public void Always_patches_keeps_timestamp_and_permissions_and_leaves_no_temp_files()
    {
        using var temp = new TempDirectory("fix");
        var path = temp.CopyPristineLibrary("out/libLibTorchSharp.so");
        var before = FileSnapshot.Take(path);
        var probeCalls = 0;

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Always, () => { probeCalls++; return true; });

        Assert.Equal(LibTorchSharpFixStatus.Patched, result.Status);
        Assert.Equal(0, probeCalls);
        AssertPatchedCopyOf(path, before.Bytes);
        Assert.Equal(before.LastWriteUtc, File.GetLastWriteTimeUtc(path));
        Assert.Equal(before.Mode, File.GetUnixFileMode(path));
        Assert.Equal(["out/libLibTorchSharp.so"], temp.Files());
    }

    [Fact]
    public void Second_run_is_a_no_op()
    {
        using var temp = new TempDirectory("idempotent");
        var path = temp.CopyPristineLibrary();
        Assert.Equal(LibTorchSharpFixStatus.Patched, LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Always, () => false).Status);
        var afterFirst = FileSnapshot.Take(path);

        var second = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Always, () => false);

        Assert.Equal(LibTorchSharpFixStatus.AlreadyWeak, second.Status);
        afterFirst.AssertUnchanged(path);
        Assert.Equal(["libLibTorchSharp.so"], temp.Files());
    }

    [Fact]
    public void Auto_mode_does_nothing_when_the_system_libstdcxx_has_the_version()
    {
        using var temp = new TempDirectory("auto-has");
        var path = temp.CopyPristineLibrary();
        var before = FileSnapshot.Take(path);

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Auto, () => true);

        Assert.Equal(LibTorchSharpFixStatus.SystemProvidesVersion, result.Status);
        before.AssertUnchanged(path);
    }

    [Fact]
    public void Auto_mode_patches_when_the_system_libstdcxx_lacks_the_version()
    {
        using var temp = new TempDirectory("auto-lacks");
        var path = temp.CopyPristineLibrary();
        var original = File.ReadAllBytes(path);

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Auto, () => false);

        Assert.Equal(LibTorchSharpFixStatus.Patched, result.Status);
        AssertPatchedCopyOf(path, original);
    }

    [Fact]
    public void Auto_mode_patches_when_the_loader_cannot_be_asked()
    {
        using var temp = new TempDirectory("auto-unknown");
        var path = temp.CopyPristineLibrary();
        var original = File.ReadAllBytes(path);

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Auto, () => null);

        Assert.Equal(LibTorchSharpFixStatus.Patched, result.Status);
        Assert.Contains("could not query", result.Reason);
        AssertPatchedCopyOf(path, original);
    }

    [Fact]
    public void Never_mode_does_not_even_ask_the_loader()
    {
        using var temp = new TempDirectory("never");
        var path = temp.CopyPristineLibrary();
        var before = FileSnapshot.Take(path);
        var probeCalls = 0;

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Never, () => { probeCalls++; return false; });

        Assert.Equal(LibTorchSharpFixStatus.Disabled, result.Status);
        Assert.Equal(0, probeCalls);
        before.AssertUnchanged(path);
    }

    [Fact]
    public void Refused_file_is_left_untouched()
    {
        using var temp = new TempDirectory("refused");
        var path = temp.Write("libLibTorchSharp.so", SyntheticElf.Gcc13Like().Symbol("_ZNSt3pmr15memory_resourceD2Ev", 5).Build());
        var before = FileSnapshot.Take(path);

        var result = LibStdCxxAnchorFix.FixFile(path, LibTorchSharpFixMode.Always, () => false);

        Assert.Equal(LibTorchSharpFixStatus.Refused, result.Status);
        Assert.Equal(["_ZNSt3pmr15memory_resourceD2Ev"], result.BlockingSymbols);
        before.AssertUnchanged(path);
        Assert.Equal(["libLibTorchSharp.so"], temp.Files());
    }

    [Fact]
    public async Task Patching_a_hard_link_replaces_the_link_and_never_writes_through_to_the_original()
    {
        using var temp = new TempDirectory("hardlink");
        var original = temp.CopyPristineLibrary("cache/libLibTorchSharp.so"); // stands in for the NuGet cache
        var link = temp.Combine("bin", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        HardLink.Create(original, link);
        Assert.Equal(2, await HardLink.CountAsync(original));
        var originalBefore = FileSnapshot.Take(original);

        var result = LibStdCxxAnchorFix.FixFile(link, LibTorchSharpFixMode.Always, () => false);

        Assert.Equal(LibTorchSharpFixStatus.Patched, result.Status);
        originalBefore.AssertUnchanged(original);
        Assert.Equal(1, await HardLink.CountAsync(original));
        Assert.Equal(1, await HardLink.CountAsync(link));
        AssertPatchedCopyOf(link, originalBefore.Bytes);
        Assert.Equal(originalBefore.LastWriteUtc, File.GetLastWriteTimeUtc(link));
        Assert.Equal(["bin/libLibTorchSharp.so", "cache/libLibTorchSharp.so"], temp.Files());
    }

    [Fact]
    public void The_NuGet_cache_copy_is_pristine()
    {
        // Guards everything else here (and every build on this machine): the cache must still be unpatched.
        var plan = LibStdCxxAnchorFix.Analyze(File.ReadAllBytes(TestEnvironment.PristineLibTorchSharp));
        Assert.Equal(ElfFixVerdict.NeedsPatch, plan.Verdict);
    }
}
