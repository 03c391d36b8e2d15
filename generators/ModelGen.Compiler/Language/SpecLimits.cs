namespace ModelGen.Compiler.Language;

/// <summary>
/// The limits that bound the compiler's work on any spec, however hostile: the build, the IDE and the command-line
/// tool share them, so none of them can be made to stall. Each is far above what a real spec needs; crossing one is
/// diagnostic MG0024 at the spot where it happened.
/// </summary>
public static class SpecLimits
{
    /// <summary>Characters in a spec file. A spec of a thousand layers is about 100,000.</summary>
    public const int MaxSpecLength = 1_000_000;

    /// <summary>YAML nodes as written (scalars, mappings, sequences, aliases).</summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>
    /// YAML nodes with every alias expanded: what the parser walks. Aliases share nodes without copying them, so a few
    /// kilobytes of nested aliases could otherwise stand for billions of nodes (the "billion laughs").
    /// </summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Alias references (<c>*name</c>). A spec may use a few to repeat a block; thousands are an attack.</summary>
    public const int MaxAliasReferences = 1_000;

    /// <summary>Nesting of mappings and sequences. A spec is at most a few levels deep.</summary>
    public const int MaxDepth = 32;

    /// <summary>Diagnostics reported for one file; after them one MG0024 says there are more.</summary>
    public const int MaxDiagnostics = 100;

    /// <summary>Far beyond any readable name, and well within what .NET metadata allows (1,023 UTF-8 bytes).</summary>
    public const int MaxNameLength = 255;

    /// <summary>A sequential network this long is a mistake (or an alias bomb); its generated code would take minutes to compile.</summary>
    public const int MaxLayers = 1000;

    /// <summary>
    /// Parameters above which a model's float32 weights alone take more than 4 GiB (training takes about four times
    /// that with Adam): MG1005 warns at build time, before anyone tries to create it.
    /// </summary>
    public const long MaxParametersInMemory = 1L << 30;
}
