using System.Text;

namespace ModelGen.Compiler.Emit.CSharp;

/// <summary>A small indented text writer for generated C# (cheaper and more readable than SyntaxFactory).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            builder.Append(' ', indent * 4).Append(text);
        }

        builder.Append('\n');
    }

    /// <summary>A statement followed by a comment aligned at <paramref name="column"/>.</summary>
    public void Line(string text, string comment, int column)
    {
        var start = indent * 4;
        var padding = Math.Max(1, column - start - text.Length);
        Line(text + new string(' ', padding) + "// " + comment);
    }

    public void OpenBrace()
    {
        Line("{");
        indent++;
    }

    public void CloseBrace(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
    }

    public void Indent() => indent++;

    public void Unindent() => indent--;

    public override string ToString() => builder.ToString();
}
