using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Common;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler;

/// <summary>The outcome of compiling one spec file: the checked model (absent when there are errors) and the diagnostics.</summary>
public sealed record SpecCompilation(string FilePath, ModelDefinition? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The model's name as written, even when the spec has errors, for duplicate-name checks.</summary>
    public ModelIdentity? Identity { get; init; }
}

/// <summary>Where a spec declares its model name, for reporting duplicates across files.</summary>
public sealed record ModelIdentity(string FullName, string FilePath, SourceSpan NameSpan);

/// <summary>A spec after the steps across files: its final diagnostics and, without errors, its model and C# source.</summary>
public sealed record CompiledSpec(string FilePath, ModelDefinition? Model, string? Source, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// A spec through the PyTorch backend: its final diagnostics and, without errors, the Python files (nothing to write
/// otherwise).
/// </summary>
public sealed record PyTorchCompilation(string FilePath, PyTorchExport? Files, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// What the PyTorch backend writes for one model: its module (an nn.Module whose state_dict() keys are the generated
/// C# class's) and a training script for torchrun, as file names and their text.
/// </summary>
public sealed record PyTorchExport(string ModelFileName, string ModelSource, string TrainingScriptFileName, string TrainingScriptSource);

/// <summary>
/// The model names that more than one spec declares, and those that differ from another spec's only in case (file
/// systems and Roslyn's hint names compare ignoring case, so 'Net' and 'NET' need distinct generated file names).
/// </summary>
public sealed record NameClashes(EquatableArray<string> Duplicates, EquatableArray<string> CaseVariants)
{
    public static NameClashes From(IEnumerable<string> allNames)
    {
        var names = allNames.Where(n => n.Length > 0).ToList();
        var duplicates = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
            .OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
        var caseVariants = names.Distinct(StringComparer.Ordinal).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .SelectMany(g => g).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
        return new NameClashes(duplicates, caseVariants);
    }
}
