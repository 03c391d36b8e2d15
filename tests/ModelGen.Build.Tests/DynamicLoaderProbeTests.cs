using ModelGen.Build.Tests.Infrastructure;

namespace ModelGen.Build.Tests;

/// <summary>The real dlopen/dlvsym query behind auto mode.</summary>
public sealed class DynamicLoaderProbeTests
{
    [Fact]
    public void Finds_a_symbol_every_libstdcxx_has()
    {
        Assert.True(DynamicLoaderProbe.ProvidesVersionedSymbol("libstdc++.so.6", "_ZNSt8ios_base4InitC1Ev", "GLIBCXX_3.4"));
    }

    [Fact]
    public void Rejects_a_version_no_libstdcxx_has()
    {
        Assert.False(DynamicLoaderProbe.ProvidesVersionedSymbol("libstdc++.so.6", "_ZNSt8ios_base4InitC1Ev", "GLIBCXX_0.0.MODELGEN"));
    }

    [Fact]
    public void Unknown_library_means_unknown_not_an_exception()
    {
        Assert.Null(DynamicLoaderProbe.ProvidesVersionedSymbol("libmodelgen-does-not-exist.so.9", "x", "y"));
    }

    [Fact]
    public async Task Anchor_query_agrees_with_the_libstdcxx_the_loader_would_pick()
    {
        var anchor = DynamicLoaderProbe.SystemProvidesGlibcxx3432();
        Assert.NotNull(anchor);

        // Independent check: find libstdc++.so.6 through the loader cache and look for the version string in it.
        var ldconfig = new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" }.FirstOrDefault(File.Exists);
        if (ldconfig is null)
        {
            return;
        }

        var cache = await ProcessRunner.RunAsync(ldconfig, ["-p"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        var line = cache.StandardOutput.Split('\n')
            .FirstOrDefault(l => l.TrimStart().StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) && l.Contains("x86-64", StringComparison.Ordinal));
        if (line is null)
        {
            return;
        }

        var library = line[(line.IndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim();
        var defines = File.ReadAllBytes(library).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
        Assert.Equal(defines, anchor);
    }
}
