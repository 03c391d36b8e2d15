using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGen.Package.Tests.Infrastructure;
using ModelGen.Testing;
using Xunit.Abstractions;

namespace ModelGen.Package.Tests;

/// <summary>What the packed packages hold: the runtime, the generator with its dependencies, the build logic.</summary>
public sealed partial class PackageConsumerTests
{
    [Fact]
    public void Package_holds_the_runtime_the_generator_with_YamlDotNet_and_the_build_logic()
    {
        // NuGet's pack warnings (NU5xxx) would mean a malformed package even where they do not fail the build.
        Assert.DoesNotMatch(WarningLine, _fixture.Pack!.Output);

        var entries = _fixture.PackageEntries();
        _output.WriteLine(string.Join(Environment.NewLine, entries));

        Assert.Contains("lib/net10.0/ModelGen.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ModelGen.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ModelGen.Compiler.dll", entries);
        Assert.Contains("docs/diagnostics.md", entries);
        Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", entries);
        Assert.Contains("buildTransitive/ModelGen.targets", entries);

        // The generator must not leak into lib/ (consumers would reference Roslyn), nor YamlDotNet become a dependency.
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal) && entry.Contains("Generator", StringComparison.Ordinal));
        var nuspec = _fixture.ReadPackageEntry("ModelGen.nuspec");
        Assert.Contains($"<version>{_fixture.PackageVersion}</version>", nuspec);
        Assert.Contains("<dependency id=\"TorchSharp\"", nuspec);
        Assert.DoesNotContain("YamlDotNet", nuspec);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", nuspec);
    }

    [Fact]
    public void ModelGen_package_buildTransitive_holds_only_the_spec_targets_and_the_fix_comes_as_a_dependency()
    {
        var entries = _fixture.PackageEntries();

        // What every consumer needs, and nothing of the native-library fix: no task source, no task, no fix targets.
        Assert.Equal(["buildTransitive/ModelGen.targets"], entries.Where(entry => entry.StartsWith("buildTransitive/", StringComparison.Ordinal)));
        Assert.DoesNotContain(entries, entry => entry.EndsWith(".cs", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, entry => entry.Contains("BuildTasks", StringComparison.Ordinal));
        var targets = _fixture.ReadPackageEntry("buildTransitive/ModelGen.targets");
        Assert.Contains("<CompilerVisibleProperty Include=\"RootNamespace\" />", targets);
        Assert.Contains("<AdditionalFiles Include=\"**/*.model.yaml\"", targets);
        foreach (var fixLogic in new[] { "UsingTask", "<Target", "TaskFactory", "ModelGenFixLibTorchSharp", "ModelGenLibTorchSharpFix" })
        {
            Assert.DoesNotContain(fixLogic, targets);
        }

        // The fix is a dependency of the same version whose buildTransitive assets flow on to the consumer.
        var nuspec = _fixture.ReadPackageEntry("ModelGen.nuspec");
        var dependency = Regex.Match(nuspec, "<dependency id=\"ModelGen.BuildTasks\" version=\"(?<version>[^\"]+)\"(?<attributes>[^>]*)/>");
        Assert.True(dependency.Success, nuspec);
        Assert.Equal(_fixture.PackageVersion, dependency.Groups["version"].Value);
        var exclude = Regex.Match(dependency.Groups["attributes"].Value, "exclude=\"(?<flags>[^\"]*)\"");
        var include = Regex.Match(dependency.Groups["attributes"].Value, "include=\"(?<flags>[^\"]*)\"");
        Assert.DoesNotContain("BuildTransitive", exclude.Groups["flags"].Value.Split(','));
        Assert.True(!include.Success || include.Groups["flags"].Value.Split(',').Contains("BuildTransitive"), dependency.Value);
    }

    [Fact]
    public void BuildTasks_package_holds_the_precompiled_task_and_its_targets_and_no_source()
    {
        Assert.DoesNotMatch(WarningLine, _fixture.PackBuildTasks!.Output);
        var package = _fixture.BuildTasksPackagePath;
        var entries = _fixture.PackageEntries(package);
        _output.WriteLine(string.Join(Environment.NewLine, entries));

        // Exactly the task, its targets and the readme: no lib/ (nothing to compile against), no source, no MSBuild.
        var content = entries
            .Where(entry => !entry.StartsWith("_rels/", StringComparison.Ordinal) && !entry.StartsWith("package/", StringComparison.Ordinal))
            .Where(entry => entry != "[Content_Types].xml" && entry != "ModelGen.BuildTasks.nuspec")
            .ToArray();
        Assert.Equal(["buildTransitive/ModelGen.BuildTasks.targets", "native-library.md", "tasks/netstandard2.0/ModelGen.BuildTasks.dll"], content);

        // No dependencies (MSBuild brings its own assemblies), and not a development dependency, which would stop
        // it from flowing from ModelGen to ModelGen's consumers.
        var nuspec = _fixture.ReadPackageEntry("ModelGen.BuildTasks.nuspec", package);
        Assert.Contains("<id>ModelGen.BuildTasks</id>", nuspec);
        Assert.Contains($"<version>{_fixture.PackageVersion}</version>", nuspec);
        Assert.DoesNotContain("<dependenc", nuspec);
        Assert.DoesNotContain("developmentDependency", nuspec);

        // The targets declare the precompiled task; nothing is compiled from source in the consumer's build.
        var targets = _fixture.ReadPackageEntry("buildTransitive/ModelGen.BuildTasks.targets", package);
        Assert.Contains("<UsingTask TaskName=\"ModelGen.Build.ModelGenFixLibTorchSharp\"", targets);
        Assert.Contains("AssemblyFile=\"$(ModelGenBuildTasksAssembly)\"", targets);
        Assert.DoesNotContain("RoslynCodeTaskFactory", targets);
        Assert.DoesNotContain("<Code", targets);

        // The dll is the compiled task: a netstandard assembly that defines it and builds on MSBuild's API.
        using var reader = new PEReader(new MemoryStream(_fixture.ReadPackageEntryBytes("tasks/netstandard2.0/ModelGen.BuildTasks.dll", package)));
        var metadata = reader.GetMetadataReader();
        Assert.Contains(metadata.TypeDefinitions.Select(handle => metadata.GetTypeDefinition(handle)),
            type => metadata.GetString(type.Namespace) == "ModelGen.Build" && metadata.GetString(type.Name) == "ModelGenFixLibTorchSharp");
        var references = metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToArray();
        Assert.Contains("netstandard", references);
        Assert.Contains("Microsoft.Build.Utilities.Core", references);
    }
}
