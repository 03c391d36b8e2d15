using System.Runtime.CompilerServices;

namespace ModelGen.Generator.Tests;

/// <summary>
/// Snapshot assertions with Verify's file conventions, so moving to Verify.SourceGenerators later is a
/// drop-in: the approved text is <c>{name}.verified.cs</c> (or <c>.py</c>, ...) beside the test; a mismatch writes
/// <c>{name}.received.cs</c> next to it and fails. To accept every received file, run the tests with
/// <c>MODELGEN_ACCEPT_SNAPSHOTS=true</c> (Verify's AutoVerify), then review the diff before committing.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "MODELGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, string extension = ".cs", [CallerFilePath] string testFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified" + extension);
        var received = Path.Combine(folder, name + ".received" + extension);
        actual = Normalize(actual);

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable(AcceptVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            WriteAtomically(verified, actual);
            File.Delete(received);
            return;
        }

        WriteAtomically(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet. Review {received}, then rename it to .verified.cs (or run with {AcceptVariable}=true)."
            : $"Generated code differs from {verified}. Compare it with {received}; if the change is intended, accept it (rename, or run with {AcceptVariable}=true).\n{FirstDifference(expected, actual)}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"First difference at line {i + 1}:\n  verified: {e}\n  received: {a}";
            }
        }

        return string.Empty;
    }
}
