using ModelGen.Compiler.Common;
using ModelGen.Compiler.Model;

namespace ModelGen.Compiler.Parsing;

/// <summary>A value read from the spec, already of the type its key's kind calls for, with its position.</summary>
internal abstract record SettingValue(SourceSpan Span);

internal sealed record IntegerValue(long Value, SourceSpan Span) : SettingValue(Span);

internal sealed record NumberValue(double Value, SourceSpan Span) : SettingValue(Span);

internal sealed record BooleanValue(bool Value, SourceSpan Span) : SettingValue(Span);

/// <summary>A height/width pair (kernel, stride, dilation, window).</summary>
internal sealed record PairValue(Size2 Value, SourceSpan Span) : SettingValue(Span);

internal sealed record PaddingValue(Padding Value, SourceSpan Span) : SettingValue(Span);

/// <summary>One of a choice key's names (map it with the key's <see cref="Language.ChoiceSet{T}"/>).</summary>
internal sealed record ChoiceValue(string Name, SourceSpan Span) : SettingValue(Span);

/// <summary>Text, an identifier or a namespace.</summary>
internal sealed record TextValue(string Value, SourceSpan Span) : SettingValue(Span);

/// <summary>The input shape.</summary>
internal sealed record ShapeValue(EquatableArray<long> Value, SourceSpan Span) : SettingValue(Span);

/// <summary>One number, or one per channel (always a list).</summary>
internal sealed record NumbersValue(EquatableArray<double> Value, SourceSpan Span) : SettingValue(Span);

/// <summary>[fraction, factor] points of a piecewise-linear schedule, checked: fractions from 0 to 1, increasing.</summary>
internal sealed record PointsValue(EquatableArray<SchedulePoint> Value, SourceSpan Span) : SettingValue(Span);

/// <summary>An inline activation with its own settings.</summary>
internal sealed record ActivationValue(TaggedSyntax Activation, SourceSpan Span) : SettingValue(Span);
