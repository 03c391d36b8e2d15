namespace ModelGen.Compiler.Common;

/// <summary>
/// For the default arm of a switch over a kind the compiler defines: reaching it is a bug in ModelGen, not in the
/// spec. The exception becomes diagnostic MG0099 at the spec (ModelCompiler catches it); it never falls silently into
/// a default.
/// </summary>
internal static class Unexpected
{
    public static InvalidOperationException Value<T>(T value) =>
        new($"unexpected {typeof(T).Name} '{value}' (a kind ModelGen does not handle here)");
}
