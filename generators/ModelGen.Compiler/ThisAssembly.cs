namespace ModelGen.Compiler;

internal static class ThisAssembly
{
    /// <summary>Written into [GeneratedCode] so generated files say which ModelGen made them.</summary>
    public const string Version = "0.1.0";
}
