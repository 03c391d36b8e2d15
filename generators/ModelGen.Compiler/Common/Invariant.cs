using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Compiler.Common;

/// <summary>Culture-invariant text for numbers and shapes, wherever the compiler writes them.</summary>
internal static class Invariant
{
    /// <summary>Round-trippable, always with a decimal point or exponent, so it reads (and compiles) as a double.</summary>
    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") ? text : text + ".0";
    }

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>[3, 32, 32].</summary>
    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(Long)) + "]";
}
