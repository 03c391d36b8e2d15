namespace ModelGen.Check;

/// <summary>The <c>modelgen-check</c> command: see <see cref="SpecChecker"/>.</summary>
public static class Program
{
    public static int Main(string[] args) => SpecChecker.Run(args, Console.Out, Console.Error);
}
