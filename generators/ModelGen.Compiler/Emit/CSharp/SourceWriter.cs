using System.Text;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>A small indented text writer for generated C# (cheaper and more readable than SyntaxFactory).</summary>
internal sealed class SourceWriter
{
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

    /// <summary>A statement followed by a comment aligned at <paramref name="column"/>.</summary>
    public void Line(string text, string comment, int column)
    {
        var start = _indent * 4;
        var padding = Math.Max(1, column - start - text.Length);
        Line(text + new string(' ', padding) + "// " + comment);
    }

    public void OpenBrace()
    {
        Line("{");
        _indent++;
    }

    public void CloseBrace(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString() => _builder.ToString();
}
