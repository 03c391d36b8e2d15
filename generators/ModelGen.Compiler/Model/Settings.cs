namespace ModelGen.Compiler.Model;

/// <summary>A height/width pair: a kernel, window, stride, dilation or padding.</summary>
public readonly record struct Size2(long Height, long Width)
{
    public bool IsSquare => Height == Width;

    public static Size2 Of(long value) => new(value, value);

    public override string ToString() => IsSquare ? $"{Height}" : $"[{Height}, {Width}]";
}

/// <summary>How a spec asks for padding.</summary>
public enum PaddingMode
{
    /// <summary>No padding.</summary>
    Valid,

    /// <summary>Keras's "same": output = ceil(input / stride), the odd cell at the bottom/right.</summary>
    Same,

    /// <summary>Explicit rows and columns on each side.</summary>
    Explicit,
}

/// <summary>A padding setting as written: a mode, and the rows/columns for <see cref="PaddingMode.Explicit"/>.</summary>
public readonly record struct Padding(PaddingMode Mode, Size2 Explicit)
{
    public static Padding Valid => new(PaddingMode.Valid, default);
}
