using System.Buffers.Binary;
using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>The pure ELF logic on the real TorchSharp library and on synthetic images.</summary>
public sealed class ElfAnalysisTests
{
    private static byte[] Pristine() => File.ReadAllBytes(TestEnvironment.PristineLibTorchSharp);

    private static ElfVersionNeedAux Glibcxx3432(ElfDynamicVersionInfo info) =>
        info.Needs.Single(need => need.File == "libstdc++.so.6").Versions.Single(aux => aux.Name == "GLIBCXX_3.4.32");

    [Fact]
    public void Real_library_needs_GLIBCXX_3_4_32_only_for_the_link_time_anchor()
    {
        var info = ElfDynamicVersionInfo.Parse(Pristine());

        Assert.Null(info.Error);
        Assert.Equal(["ld-linux-x86-64.so.2", "libm.so.6", "libgcc_s.so.1", "libc.so.6", "libstdc++.so.6"], info.Needs.Select(n => n.File));
        var aux = Glibcxx3432(info);
        Assert.False(aux.IsWeak);
        Assert.Equal(0, aux.Flags);
        Assert.Equal(18, aux.Index);
        Assert.Equal(0x3f8f0 + 0x140 + 4, aux.FlagsOffset); // readelf -V: .gnu.version_r at 0x3f8f0, entry at +0x140
        Assert.Equal(3230, info.Symbols.Count);
        var anchor = Assert.Single(info.Symbols, symbol => symbol.VersionIndex == aux.Index);
        Assert.Equal("_ZSt21ios_base_library_initv", anchor.Name);
        Assert.True(anchor.IsUndefined);
        Assert.False(anchor.IsRelocated);
    }

    [Fact]
    public async Task Patching_the_real_library_sets_exactly_the_one_weak_flag()
    {
        var original = Pristine();
        var patched = (byte[])original.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(patched);

        Assert.Equal(ElfFixVerdict.NeedsPatch, plan.Verdict);
        var offset = Assert.Single(plan.FlagOffsets);
        var changed = ByteDiff.Offsets(original, patched);
        Assert.Equal([offset], changed);
        Assert.Equal(original[offset] | 0x2, patched[offset]);

        // Re-parse: the one version is weak now, everything else is as before.
        var before = ElfDynamicVersionInfo.Parse(original);
        var after = ElfDynamicVersionInfo.Parse(patched);
        Assert.Null(after.Error);
        Assert.True(Glibcxx3432(after).IsWeak);
        var beforeFlags = before.Needs.SelectMany(n => n.Versions.Select(v => (n.File, v.Name, v.Index, Flags: (int)v.Flags))).ToList();
        var afterFlags = after.Needs.SelectMany(n => n.Versions.Select(v => (n.File, v.Name, v.Index, Flags: (int)v.Flags))).ToList();
        Assert.Equal(
            beforeFlags.Select(v => v.Name == "GLIBCXX_3.4.32" ? v with { Flags = v.Flags | 0x2 } : v),
            afterFlags);
        Assert.Equal(ElfFixVerdict.AlreadyWeak, LibStdCxxAnchorFix.Analyze(patched).Verdict);

        if (ReadElf.IsAvailable)
        {
            using var temp = new TempDirectory("readelf");
            Assert.Equal("none", await ReadElf.VersionNeedFlagsAsync(temp.Write("before.so", original), "GLIBCXX_3.4.32"));
            Assert.Equal("WEAK", await ReadElf.VersionNeedFlagsAsync(temp.Write("after.so", patched), "GLIBCXX_3.4.32"));
            Assert.Equal("none", await ReadElf.VersionNeedFlagsAsync(temp.Write("after2.so", patched), "GLIBCXX_3.4.30"));
        }
    }

    [Fact]
    public void Applying_twice_changes_nothing_the_second_time()
    {
        var image = Pristine();
        Assert.Equal(ElfFixVerdict.NeedsPatch, LibStdCxxAnchorFix.ApplyInMemory(image).Verdict);
        var once = (byte[])image.Clone();

        var second = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.AlreadyWeak, second.Verdict);
        Assert.Empty(second.FlagOffsets);
        Assert.Equal(once, image);
    }

    [Fact]
    public void Real_library_where_another_symbol_uses_the_version_is_refused()
    {
        var image = Pristine();
        var info = ElfDynamicVersionInfo.Parse(image);
        var index = Glibcxx3432(info).Index;
        // Rebind an ordinary libstdc++ import (GLIBCXX_3.4) to GLIBCXX_3.4.32 in .gnu.version (readelf: offset 0x3dfae).
        var victim = info.Symbols.First(symbol => symbol.VersionIndex == 2 && symbol.IsUndefined);
        var versymOffset = 0x3dfae + 2 * victim.Index;
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(versymOffset)));
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(versymOffset), index);
        var before = (byte[])image.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.Refused, plan.Verdict);
        Assert.Equal([victim.Name], plan.BlockingSymbols);
        Assert.Contains(victim.Name, plan.Reason);
        Assert.Empty(plan.FlagOffsets);
        Assert.Equal(before, image);
    }

    [Fact]
    public void Synthetic_image_with_only_the_anchor_is_patched()
    {
        var image = SyntheticElf.Gcc13Like().Build();
        var before = (byte[])image.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.NeedsPatch, plan.Verdict);
        Assert.Single(ByteDiff.Offsets(before, image));
        var info = ElfDynamicVersionInfo.Parse(image);
        Assert.Null(info.Error);
        Assert.True(Glibcxx3432(info).IsWeak);
        Assert.All(info.Needs.SelectMany(n => n.Versions).Where(v => v.Name != "GLIBCXX_3.4.32"), v => Assert.False(v.IsWeak));
    }

    [Fact]
    public void Synthetic_image_where_a_real_function_needs_the_version_is_refused()
    {
        var image = SyntheticElf.Gcc13Like()
            .Symbol("_ZNSt13basic_fstreamIcSt11char_traitsIcEE7is_openEv", 5)
            .Build();
        var before = (byte[])image.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.Refused, plan.Verdict);
        Assert.Equal(["_ZNSt13basic_fstreamIcSt11char_traitsIcEE7is_openEv"], plan.BlockingSymbols);
        Assert.Equal(before, image);
    }

    [Fact]
    public void Synthetic_image_where_the_anchor_is_relocated_against_is_refused()
    {
        var image = SyntheticElf.Gcc13Like().Relocate("_ZSt21ios_base_library_initv").Build();

        var plan = LibStdCxxAnchorFix.Analyze(image);

        Assert.Equal(ElfFixVerdict.Refused, plan.Verdict);
        Assert.Equal(["_ZSt21ios_base_library_initv (relocated)"], plan.BlockingSymbols);
    }

    [Fact]
    public void Synthetic_image_that_defines_the_anchor_itself_is_refused()
    {
        var image = new SyntheticElf()
            .Need("libstdc++.so.6", ("GLIBCXX_3.4.32", 0, 2))
            .Symbol("_ZSt21ios_base_library_initv", 2, undefined: false)
            .Build();

        Assert.Equal(ElfFixVerdict.Refused, LibStdCxxAnchorFix.Analyze(image).Verdict);
    }

    [Fact]
    public void Synthetic_image_with_an_unused_GLIBCXX_3_4_32_need_is_patched()
    {
        var image = new SyntheticElf()
            .Need("libstdc++.so.6", ("GLIBCXX_3.4", 0, 2), ("GLIBCXX_3.4.32", 0, 3))
            .Symbol("_ZNSt8ios_base4InitC1Ev", 2)
            .Build();

        Assert.Equal(ElfFixVerdict.NeedsPatch, LibStdCxxAnchorFix.Analyze(image).Verdict);
    }

    [Fact]
    public void Already_weak_need_is_left_alone()
    {
        var image = SyntheticElf.Gcc13Like(glibcxx3432Flags: SyntheticElf.Weak).Build();
        var before = (byte[])image.Clone();

        var plan = LibStdCxxAnchorFix.ApplyInMemory(image);

        Assert.Equal(ElfFixVerdict.AlreadyWeak, plan.Verdict);
        Assert.Equal(before, image);
    }

    [Fact]
    public void GLIBCXX_3_4_32_from_another_library_or_no_version_needs_at_all_means_nothing_to_do()
    {
        var otherLibrary = new SyntheticElf()
            .Need("libfoo.so.1", ("GLIBCXX_3.4.32", 0, 2))
            .Symbol("_ZSt21ios_base_library_initv", 2)
            .Build();
        var noVerneed = new SyntheticElf().Symbol("malloc", 1).Build();
        var olderGcc = new SyntheticElf().Need("libstdc++.so.6", ("GLIBCXX_3.4.30", 0, 2)).Symbol("x", 2).Build();

        Assert.Equal(ElfFixVerdict.VersionNotNeeded, LibStdCxxAnchorFix.Analyze(otherLibrary).Verdict);
        Assert.Equal(ElfFixVerdict.VersionNotNeeded, LibStdCxxAnchorFix.Analyze(noVerneed).Verdict);
        Assert.Equal(ElfFixVerdict.VersionNotNeeded, LibStdCxxAnchorFix.Analyze(olderGcc).Verdict);
    }

    [Fact]
    public void Hidden_bit_in_gnu_version_is_ignored_when_matching_the_version_index()
    {
        // 0x8005: version index 5 with the "hidden" bit set still binds the symbol to GLIBCXX_3.4.32.
        var image = SyntheticElf.Gcc13Like().Symbol("_ZNSt6thread6_StateD2Ev", 0x8005).Build();

        var plan = LibStdCxxAnchorFix.Analyze(image);

        Assert.Equal(ElfFixVerdict.Refused, plan.Verdict);
        Assert.Equal(["_ZNSt6thread6_StateD2Ev"], plan.BlockingSymbols);
    }
}
