using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Generator;
using ModelGen.Generator.Tests;

namespace ModelGen.Robustness.Tests;

/// <summary>
/// Caching: editing one spec re-runs only that spec's steps; comment and whitespace edits regenerate nothing;
/// and no pipeline value holds a Roslyn object whose equality would defeat the cache.
/// </summary>
public sealed class IncrementalPipelineTests
{
    private static readonly string[] Paths = { "/specs/a/first.model.yaml", "/specs/b/second.model.yaml", "/specs/c/third.model.yaml" };

    private static readonly string[] Specs =
    {
        Corpus.Cifar.Replace("model: Cifar10Cnn", "model: First", StringComparison.Ordinal),
        Corpus.Cifar.Replace("model: Cifar10Cnn", "model: Second", StringComparison.Ordinal).Replace("units: 256", "units: 128", StringComparison.Ordinal),
        "model: Third\ninput: [784]\nclasses: 10\nlayers:\n  - dense: {units: 64, activation: relu}\n  - dense: 10\n  - softmax\n",
    };

    [Fact]
    public void The_specs_used_here_have_no_diagnostics()
    {
        var outcome = GeneratorHarness.Run(Paths.Zip(Specs).ToArray());
        Assert.Null(outcome.GeneratorException);
        Assert.Empty(outcome.Diagnostics);
        Assert.Equal(3, outcome.Sources.Count);
        Assert.Empty(outcome.CompilationProblems);
    }

    [Fact]
    public void Editing_one_spec_leaves_the_other_models_steps_cached()
    {
        var edited = Specs[1].Replace("units: 128", "units: 100", StringComparison.Ordinal);
        var (before, after) = RunAndEdit(1, edited);

        foreach (var stepName in new[] { TrackingNames.Compiled, TrackingNames.Outputs })
        {
            var reasons = ReasonsByPath(after, stepName);
            Assert.Equal(Paths.OrderBy(p => p), reasons.Keys.OrderBy(p => p));
            AssertAll(reasons[Paths[1]], stepName, Paths[1], IncrementalStepRunReason.Modified);
            foreach (var other in new[] { Paths[0], Paths[2] })
            {
                AssertAll(reasons[other], stepName, other, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            }
        }

        // The set of duplicate names did not change, so nothing downstream of it re-ran for the other specs.
        var duplicateNames = after.TrackedSteps[TrackingNames.DuplicateNames].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.All(duplicateNames, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"DuplicateNames: {reason}"));

        // And the outputs are right: only the edited model's source changed.
        var sourcesBefore = before.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var sourcesAfter = after.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(sourcesBefore.Keys.OrderBy(k => k), sourcesAfter.Keys.OrderBy(k => k));
        var changed = sourcesBefore.Keys.Where(k => sourcesBefore[k] != sourcesAfter[k]).ToList();
        Assert.Equal(new[] { "Test.Models.Second.g.cs" }, changed.Select(k => k.Replace("ModelGen.Samples.Cifar10.", "Test.Models.", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string> LayoutOnlyEdits() => new()
    {
        { "a comment line at the top (every position shifts)", "# edited\n# twice\n" + Specs[1] },
        { "a comment at the end", Specs[1] + "# trailing comment\n" },
        { "a comment after a value", Specs[1].Replace("classes: 10", "classes: 10   # ten", StringComparison.Ordinal) },
        { "blank lines and spacing", Specs[1].Replace("\n\n", "\n\n\n\n", StringComparison.Ordinal).Replace("{filters: 16, kernel: 3", "{ filters:  16 ,  kernel: 3", StringComparison.Ordinal) },
        { "CRLF line endings", Specs[1].Replace("\n", "\r\n", StringComparison.Ordinal) },
        { "deeper indentation", Specs[1].Replace("\n  ", "\n    ", StringComparison.Ordinal) },
        { "flow style for a block mapping", Specs[1].Replace("defaults:                   # Keras's initialisers\n  weight_init: glorot_uniform\n  bias_init: zeros", "defaults: {weight_init: glorot_uniform, bias_init: zeros}", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(LayoutOnlyEdits))]
    public void A_comment_or_whitespace_edit_leaves_the_outputs_unchanged(string edit, string edited)
    {
        Assert.NotEqual(Specs[1], edited);
        var (before, after) = RunAndEdit(1, edited);
        Assert.Empty(after.Diagnostics);

        // The spec text changed, so its file step re-ran; but the model it compiles to is the same (it holds no
        // source positions), so the output step, and the generated code, are unchanged.
        // Unchanged: the compiled value differs only in source positions (the model name's), the output step re-ran and
        // produced an equal value. Cached: the compiled value itself was equal, so the output step did not even re-run.
        AssertAll(ReasonsByPath(after, TrackingNames.SpecFiles)[Paths[1]], TrackingNames.SpecFiles, Paths[1], IncrementalStepRunReason.Modified);
        AssertAll(ReasonsByPath(after, TrackingNames.Outputs)[Paths[1]], TrackingNames.Outputs + " after " + edit, Paths[1], IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        foreach (var other in new[] { Paths[0], Paths[2] })
        {
            AssertAll(ReasonsByPath(after, TrackingNames.Outputs)[other], TrackingNames.Outputs, other, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        Assert.Equal(before.GeneratedSources.Select(s => s.SourceText.ToString()), after.GeneratedSources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void Renaming_a_model_to_clash_with_another_regenerates_both_and_reports_it()
    {
        var edited = Specs[1].Replace("model: Second", "model: First", StringComparison.Ordinal);
        var (_, after) = RunAndEdit(1, edited);
        Assert.Null(after.Exception);
        Assert.Contains(after.Diagnostics, d => d.Id == "MG0014");
        var outputs = ReasonsByPath(after, TrackingNames.Outputs);
        AssertAll(outputs[Paths[0]], TrackingNames.Outputs, Paths[0], IncrementalStepRunReason.Modified);
        AssertAll(outputs[Paths[1]], TrackingNames.Outputs, Paths[1], IncrementalStepRunReason.Modified);
        AssertAll(outputs[Paths[2]], TrackingNames.Outputs, Paths[2], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    /// <summary>
    /// The generator-practice rule: pipeline values are plain equatable data. A <see cref="Compilation"/>,
    /// symbol, syntax node, <see cref="Location"/> or <see cref="Diagnostic"/> anywhere in a step's output
    /// breaks caching (their equality is by reference) and keeps old compilations alive.
    /// </summary>
    [Fact]
    public void No_pipeline_step_output_holds_a_compilation_symbol_syntax_location_or_diagnostic()
    {
        var inputs = Paths.Zip(Specs).Concat(new[]
        {
            ("/specs/warning.model.yaml", "model: Warned\ninput: [10]\nlayers: [{dropout: 0}, {dense: 2}]\n"),
            ("/specs/errors.model.yaml", "model: Broken\ninput: [3, 4, 4]\nlayers: [{dense: 2}, {conv2d: {filters: 0}}]\nbogus: 1\n"),
            ("/specs/yaml.model.yaml", "model: [\n"),
            ("/specs/dup.model.yaml", Specs[2]),
        }).ToList();
        var texts = inputs.Select(i => (AdditionalText)new InMemoryAdditionalText(i.Item1, i.Item2)).ToList();
        var driver = GeneratorHarness.NewDriver(texts);
        var compilation = GeneratorHarness.NewCompilation();
        driver = driver.RunGenerators(compilation);
        var firstRun = driver.GetRunResult().Results[0];
        driver = driver.ReplaceAdditionalText(texts[0], new InMemoryAdditionalText(inputs[0].Item1, inputs[0].Item2 + "# edit\n"));
        var secondRun = driver.RunGenerators(compilation).GetRunResult().Results[0];

        // Every named step of ModelGen's pipeline and, through their inputs, the unnamed ones between them (Where,
        // Combine, Collect). Roslyn's own SourceOutput step, which legitimately holds the reported diagnostics, comes
        // after the pipeline and is not an input of any of these.
        var stepNames = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        var violations = new List<string>();
        var seenTypes = new HashSet<Type>();
        var walkedSteps = 0;
        foreach (var run in new[] { firstRun, secondRun })
        {
            Assert.Null(run.Exception);
            Assert.All(stepNames, name => Assert.True(run.TrackedSteps.ContainsKey(name), $"no tracked step {name}"));
            var pending = new Queue<IncrementalGeneratorRunStep>(stepNames.SelectMany(name => run.TrackedSteps[name]));
            var seenSteps = new HashSet<IncrementalGeneratorRunStep>(ReferenceEqualityComparer.Instance);
            while (pending.Count > 0)
            {
                var step = pending.Dequeue();
                if (!seenSteps.Add(step))
                {
                    continue;
                }

                walkedSteps++;
                foreach (var (value, _) in step.Outputs)
                {
                    Walk(value, step.Name ?? "(unnamed step)", new HashSet<object>(ReferenceEqualityComparer.Instance), violations, seenTypes);
                }

                foreach (var (source, _) in step.Inputs)
                {
                    pending.Enqueue(source);
                }
            }
        }

        Assert.True(walkedSteps > 20, $"only {walkedSteps} steps walked");

        Assert.True(violations.Count == 0, "pipeline values hold Roslyn objects:\n" + string.Join("\n", violations.Distinct().Take(20)));

        // The walk really went through the models (so an empty violation list means something).
        foreach (var expected in new[] { "SpecCompilation", "ModelDefinition", "LayerNode", "Conv2dLayer", "TrainingDefinition", "DiagnosticInfo", "ModelIdentity", "GeneratedModel" })
        {
            Assert.Contains(seenTypes, t => t.Name == expected);
        }
    }

    private static readonly Type[] Banned =
    {
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location), typeof(Diagnostic),
        typeof(SyntaxToken), typeof(SyntaxTrivia),
    };

    private static void Walk(object? value, string path, HashSet<object> visited, List<string> violations, HashSet<Type> seenTypes)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        if (Banned.FirstOrDefault(b => b.IsAssignableFrom(type)) is { } banned)
        {
            violations.Add($"{path}: {type.FullName} (a {banned.Name})");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type or MemberInfo or Delegate or Pointer)
        {
            return;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        seenTypes.Add(type);
        if (value is Array array)
        {
            var i = 0;
            foreach (var item in array)
            {
                Walk(item, $"{path}[{i++}]", visited, violations, seenTypes);
            }

            return;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRef || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                Walk(field.GetValue(value), $"{path}.{field.Name}", visited, violations, seenTypes);
            }
        }
    }

    /// <summary>Runs the driver over the three specs, replaces one with <paramref name="editedText"/>, runs again.</summary>
    private static (GeneratorRunResult Before, GeneratorRunResult After) RunAndEdit(int index, string editedText)
    {
        var texts = Paths.Zip(Specs).Select(p => (AdditionalText)new InMemoryAdditionalText(p.First, p.Second)).ToArray();
        var compilation = GeneratorHarness.NewCompilation();
        var driver = GeneratorHarness.NewDriver(texts).RunGenerators(compilation);
        var before = driver.GetRunResult().Results[0];
        Assert.Null(before.Exception);

        driver = driver.ReplaceAdditionalText(texts[index], new InMemoryAdditionalText(Paths[index], editedText)).RunGenerators(compilation);
        var after = driver.GetRunResult().Results[0];
        Assert.Null(after.Exception);
        return (before, after);
    }

    /// <summary>The run reasons of a step's outputs, by the spec path each output belongs to.</summary>
    private static Dictionary<string, List<IncrementalStepRunReason>> ReasonsByPath(GeneratorRunResult run, string stepName)
    {
        var result = new Dictionary<string, List<IncrementalStepRunReason>>(StringComparer.Ordinal);
        foreach (var step in run.TrackedSteps[stepName])
        {
            foreach (var (value, reason) in step.Outputs)
            {
                var property = value.GetType().GetProperty("FilePath") ?? value.GetType().GetProperty("Path");
                var path = (string)property!.GetValue(value)!;
                (result.TryGetValue(path, out var list) ? list : result[path] = new List<IncrementalStepRunReason>()).Add(reason);
            }
        }

        return result;
    }

    private static void AssertAll(List<IncrementalStepRunReason> reasons, string step, string path, params IncrementalStepRunReason[] allowed)
    {
        Assert.NotEmpty(reasons);
        Assert.True(reasons.All(allowed.Contains),
            $"step {step} for {path}: expected {string.Join(" or ", allowed)}, got {string.Join(", ", reasons)}");
    }
}
