using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace ModelGen.Architecture;

/// <summary>
/// The shape of one sample, without the batch dimension: <c>[channels, height, width]</c> or <c>[features]</c>.
/// Compares by value, so two descriptions of the same network are equal.
/// </summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<long>
{
    private readonly ImmutableArray<long> _dimensions;

    /// <summary>A shape with the given dimensions.</summary>
    public Shape(params long[] dimensions) => _dimensions = ImmutableArray.Create(dimensions);

    /// <summary>A shape with the given dimensions.</summary>
    public Shape(ImmutableArray<long> dimensions) => _dimensions = dimensions.IsDefault ? ImmutableArray<long>.Empty : dimensions;

    /// <summary>The number of dimensions.</summary>
    public int Count => _dimensions.IsDefault ? 0 : _dimensions.Length;

    /// <summary>The size of one dimension.</summary>
    public long this[int index] => _dimensions[index];

    /// <summary>The number of values in one sample: the product of the dimensions.</summary>
    public long Elements => this.Aggregate(1L, (product, size) => checked(product * size));

    /// <summary>The dimensions as an array (the generated class's <c>InputShape</c> form).</summary>
    public ImmutableArray<long> ToImmutableArray() => _dimensions.IsDefault ? ImmutableArray<long>.Empty : _dimensions;

    /// <inheritdoc />
    public bool Equals(Shape other) => this.SequenceEqual(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var size in this)
        {
            hash.Add(size);
        }

        return hash.ToHashCode();
    }

    /// <summary>[3, 32, 32].</summary>
    public override string ToString() => "[" + string.Join(", ", this.Select(size => size.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)ToImmutableArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares by value.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Compares by value.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);
}

/// <summary>A height/width pair: a kernel, window, stride or dilation.</summary>
public readonly record struct Size2(long Height, long Width);

/// <summary>Rows and columns of padding on each side, in ONNX's order (begin: top, left; end: bottom, right).</summary>
public readonly record struct Padding2d(long Top, long Left, long Bottom, long Right)
{
    /// <summary>The same padding on both sides of each axis (what PyTorch's padding argument can express).</summary>
    public bool IsSymmetric => Top == Bottom && Left == Right;
}
