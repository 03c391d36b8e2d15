using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Generator.Model;

namespace ModelGen.Generator.Emit;

/// <summary>
/// A stable hash of everything that decides which weights a model has and what they mean: input shape and,
/// per layer, kind, name, settings and shapes. Initialisers and training settings are left out, since
/// trained weights stay valid when they change.
/// </summary>
internal static class ArchitectureFingerprint
{
    public static string Compute(ModelDefinition model)
    {
        var text = new StringBuilder();
        text.Append("input=").Append(Formatting.Shape(model.InputShape)).Append('\n');
        foreach (var layer in model.Layers)
        {
            text.Append(string.Join("|", new[]
            {
                layer.Kind.ToString(),
                layer.MemberName,
                Formatting.Shape(layer.InputShape),
                Formatting.Shape(layer.OutputShape),
                Formatting.Long(layer.Features),
                Formatting.Long(layer.InFeatures),
                Size(layer.Kernel),
                Size(layer.Stride),
                Size(layer.Padding),
                Size(layer.ExtraPadding),
                Size(layer.Dilation),
                layer.CeilMode ? "ceil" : "floor",
                layer.ExcludePadding ? "exclude-pad" : "include-pad",
                layer.Bias ? "bias" : "no-bias",
                Formatting.Double(layer.Argument),
                Formatting.Double(layer.Epsilon),
                layer.Approximate,
                layer.Activation is { } activation
                    ? $"{activation.Kind}({Formatting.Double(activation.Argument)},{activation.Approximate})"
                    : "none",
            })).Append('\n');
        }

        // FNV-1a, 64 bits: deterministic across processes and platforms, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text.ToString()))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static string Size(Size2 size) => $"{Formatting.Long(size.Height)}x{Formatting.Long(size.Width)}";
}
