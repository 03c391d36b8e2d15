using System.Text;

namespace ModelGen.Compiler.Emit.PyTorch;

/// <summary>
/// An indented writer for generated Python: four spaces per level, comments aligned at a column and moved above the
/// statement when the line would grow past <see cref="MaxLineLength"/> (PEP 8 allows teams up to 99 characters).
/// </summary>
internal sealed class PythonWriter
{
    public const int MaxLineLength = 99;

    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>A statement followed by <c># comment</c> at <paramref name="column"/> (at least two spaces after it).</summary>
    public void Line(string text, string comment, int column)
    {
        var start = _indent * 4;
        var padding = Math.Max(2, column - start - text.Length);
        if (start + text.Length + padding + 2 + comment.Length > MaxLineLength)
        {
            Line("# " + comment);
            Line(text);
            return;
        }

        Line(text + new string(' ', padding) + "# " + comment);
    }

    /// <summary>
    /// <c>target = call(arg, ...)</c> on one line when it fits, else with one argument per line (PEP 8's hanging indent).
    /// </summary>
    public void Call(string prefix, IReadOnlyList<string> args, string? comment = null, int column = 0)
    {
        var oneLine = $"{prefix}({string.Join(", ", args)})";
        if ((_indent * 4) + oneLine.Length <= MaxLineLength)
        {
            if (comment is null)
            {
                Line(oneLine);
            }
            else
            {
                Line(oneLine, comment, column);
            }

            return;
        }

        if (comment is not null)
        {
            Line("# " + comment);
        }

        Line(prefix + "(");
        _indent++;
        foreach (var arg in args)
        {
            Line(arg + ",");
        }

        _indent--;
        Line(")");
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString() => _builder.ToString();
}
