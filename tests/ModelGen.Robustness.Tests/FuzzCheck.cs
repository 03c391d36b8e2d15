using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Generator;
using ModelGen.Generator.Tests;
using Xunit.Abstractions;

namespace ModelGen.Robustness.Tests;

/// <summary>One generator input: a label that says how to regenerate it (corpus, seed, index) and the spec files.</summary>
internal sealed record FuzzCase(string Label, IReadOnlyList<(string Path, string Text)> Files)
{
    public const string DefaultPath = "/specs/fuzz.model.yaml";

    /// <summary>The project's RootNamespace (build_property.RootNamespace); null when the project sets none.</summary>
    public string? RootNamespace { get; init; } = GeneratorHarness.RootNamespace;

    public FuzzCase(string label, string text)
        : this(label, new[] { (DefaultPath, text) })
    {
    }
}

/// <summary>
/// Runs inputs through <see cref="ModelCompiler.Compile"/> and the real generator driver, and checks the
/// generator contract: nothing throws, and whatever source is generated compiles without warnings.
/// </summary>
internal static class FuzzCheck
{
    private static readonly Lazy<CSharpCompilation> BaseCompilation = new(() => GeneratorHarness.NewCompilation());

    /// <summary>
    /// The verdict for each distinct generated token stream (many mutants generate the same code): null when it
    /// compiles cleanly, else the problems. Lazy, so inputs checked in parallel compile each stream once.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Verdicts = new(StringComparer.Ordinal);

    /// <summary>Checks one input; returns what went wrong, or null.</summary>
    public static string? Check(FuzzCase input, out CheckStats stats)
    {
        stats = default;
        foreach (var (path, text) in input.Files)
        {
            try
            {
                var result = ModelCompiler.Compile(path, text, input.RootNamespace ?? string.Empty);
                if (result is null)
                {
                    return "ModelCompiler.Compile returned null";
                }

                stats.InternalErrors += result.Diagnostics.Count(d => d.Id == DiagnosticIds.InternalError);
            }
            catch (Exception exception)
            {
                return $"ModelCompiler.Compile threw {exception}";
            }
        }

        GeneratorOutcome outcome;
        try
        {
            var driver = GeneratorHarness.NewDriver(input.Files.Select(f => new InMemoryAdditionalText(f.Path, f.Text)), input.RootNamespace);
            driver = driver.RunGeneratorsAndUpdateCompilation(BaseCompilation.Value, out var output, out var generatorDiagnostics);
            outcome = new GeneratorOutcome(driver.GetRunResult(), output, generatorDiagnostics);
        }
        catch (Exception exception)
        {
            return $"the generator driver threw {exception}";
        }

        if (outcome.GeneratorException is { } generatorException)
        {
            return $"the generator threw (CS8785 for users): {generatorException}";
        }

        var foreign = outcome.GeneratorDiagnostics.Concat(outcome.Diagnostics).Where(d => !d.Id.StartsWith("MG", StringComparison.Ordinal)).ToList();
        if (foreign.Count > 0)
        {
            return "the driver reported non-ModelGen diagnostics: " + string.Join("; ", foreign);
        }

        stats.Diagnostics = outcome.Diagnostics.Count;
        var sources = outcome.Sources;
        if (sources.Count == 0)
        {
            return null;
        }

        stats.Sources = sources.Count;

        // Syntax first, for every source: a comment or string the emitter failed to escape shows up here.
        var trees = outcome.Result.GeneratedTrees;
        var syntaxProblems = trees.SelectMany(t => t.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (syntaxProblems.Count > 0)
        {
            return "the generated code does not parse:\n  " + Describe(syntaxProblems);
        }

        // Semantics: sources with the same tokens and directives bind the same way (they differ only in comments,
        // whitespace or the values of same-typed numbers, which cannot change the meaning), so each distinct token
        // stream is compiled once.
        var key = string.Join("\n//----\n", trees.Select(TokenKey));
        if (key.Length > MaxSemanticCheckChars)
        {
            // Binding a model of thousands of layers takes Roslyn tens of seconds and finds nothing a small one would not.
            stats.TooLargeToBind = 1;
            return null;
        }

        var compiledHere = false;
        var verdict = Verdicts.GetOrAdd(key, _ => new Lazy<string?>(() =>
        {
            compiledHere = true;

            // Emit, not just GetDiagnostics: some limits (a name too long for metadata) are only checked when emitting.
            using var peStream = new MemoryStream();
            var emitted = outcome.Compilation.Emit(peStream);
            var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            return problems.Count == 0 ? null : "the generated code does not compile:\n  " + Describe(problems);
        })).Value;
        stats.Compiled = compiledHere ? 1 : 0;
        return verdict;
    }

    private const int MaxSemanticCheckChars = 200_000;

    private static string Describe(IEnumerable<Diagnostic> problems) =>
        string.Join("\n  ", problems.Take(8).Select(p =>
            $"{p}    <-- {p.Location.SourceTree?.GetText().Lines[p.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()}"));

    private static string TokenKey(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var key = new StringBuilder();
        foreach (var token in root.DescendantTokens())
        {
            key.Append(token.RawKind).Append(':');
            if (token.IsKind(SyntaxKind.NumericLiteralToken))
            {
                // The generated code passes numbers straight to TorchSharp and never computes with them, so numbers of
                // the same literal type bind alike; 0 is kept apart (it converts to any enum).
                key.Append(token.Value?.GetType().Name).Append(Equals(token.Value, 0) ? "=0" : string.Empty);
            }
            else
            {
                key.Append(token.Text);
            }

            key.Append(' ');
        }

        foreach (var directive in root.DescendantTrivia().Where(t => t.IsDirective))
        {
            key.Append('\n').Append(directive.ToFullString());
        }

        return key.ToString();
    }

    /// <summary>Checks every input (in parallel: each one is independent) and fails with the inputs that broke the contract.</summary>
    public static void AssertAll(string corpus, IEnumerable<FuzzCase> inputs, ITestOutputHelper? output, int minimumInputs = 1)
    {
        var cases = inputs.ToList();
        Assert.True(cases.Count >= minimumInputs, $"{corpus}: expected at least {minimumInputs} inputs, got {cases.Count}");
        var failures = new ConcurrentBag<(int Index, string Message)>();
        var totals = new CheckStats[cases.Count];
        var times = new long[cases.Count];
        var watch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            var started = Stopwatch.GetTimestamp();
            var problem = Check(cases[i], out totals[i]);
            times[i] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (problem is not null)
            {
                failures.Add((i, problem));
            }
        });

        var sum = totals.Aggregate(default(CheckStats), (a, b) => a + b);
        output?.WriteLine($"{corpus}: {cases.Count} inputs, {sum.Diagnostics} diagnostics, " +
            $"{totals.Count(t => t.Sources > 0)} generated code, {sum.Compiled} distinct sources compiled, {sum.TooLargeToBind} too large to bind (parsed only), {sum.InternalErrors} MG0099, {watch.ElapsedMilliseconds} ms, " +
            $"{(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} ms CPU (all threads of the process)");
        foreach (var slow in Enumerable.Range(0, cases.Count).OrderByDescending(i => times[i]).Take(12))
        {
            output?.WriteLine($"  slowest: {times[slow]} ms  {cases[slow].Label}");
        }

        if (!failures.IsEmpty)
        {
            var ordered = failures.OrderBy(f => f.Index).ToList();
            var report = new StringBuilder();
            report.Append(corpus).Append(": ").Append(ordered.Count).Append(" of ").Append(cases.Count).AppendLine(" inputs broke the generator contract:");
            foreach (var (index, message) in ordered.Take(200))
            {
                report.Append("  - ").Append(cases[index].Label).Append(": ").AppendLine(message.Split('\n')[0].Trim() + " " + (message.Split('\n').Skip(1).FirstOrDefault()?.Trim() ?? string.Empty));
            }

            report.AppendLine("The first ones in full:");
            foreach (var (index, message) in ordered.Take(5))
            {
                var input = cases[index];
                report.AppendLine().Append("== ").Append(input.Label).AppendLine(" ==");
                foreach (var (path, text) in input.Files)
                {
                    report.Append("input ").Append(path).Append(" (").Append(text.Length).Append(" chars): ").AppendLine(Show(text));
                }

                report.AppendLine(message);
            }

            Assert.Fail(report.ToString());
        }
    }

    /// <summary>The input as a C# string literal (so invisible characters show), shortened when huge.</summary>
    public static string Show(string text, int max = 1500)
    {
        var shown = text.Length > max ? text.Substring(0, max) : text;
        var builder = new StringBuilder("\"");
        foreach (var c in shown)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || (c >= 0x7F && c <= 0xA0) || char.IsSurrogate(c) || c == '\uFEFF' || c == '\u2028' || c == '\u2029' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        builder.Append('"');
        if (text.Length > max)
        {
            builder.Append($" ... ({text.Length - max} more chars)");
        }

        return builder.ToString();
    }
}

internal struct CheckStats
{
    public int Diagnostics;
    public int Sources;
    public int Compiled;
    public int InternalErrors;
    public int TooLargeToBind;

    public static CheckStats operator +(CheckStats a, CheckStats b) => new()
    {
        Diagnostics = a.Diagnostics + b.Diagnostics,
        Sources = a.Sources + b.Sources,
        Compiled = a.Compiled + b.Compiled,
        InternalErrors = a.InternalErrors + b.InternalErrors,
        TooLargeToBind = a.TooLargeToBind + b.TooLargeToBind,
    };
}
