namespace ModelGen.Tool;

/// <summary>The <c>modelgen</c> command: see <see cref="ModelGenTool"/>.</summary>
public static class Program
{
    public static int Main(string[] args) => ModelGenTool.Run(args, Console.Out, Console.Error);
}
