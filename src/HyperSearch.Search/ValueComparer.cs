namespace HyperSearch.Search;

/// <summary>
/// Equality for boxed parameter values: numbers by value (an int 2 equals a double 2.0 would be a
/// type error elsewhere, so they stay distinct), layer lists by their widths.
/// </summary>
internal sealed class ValueComparer : IEqualityComparer<object?>
{
    public static ValueComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => (x, y) switch
    {
        (null, null) => true,
        (IReadOnlyList<int> a, IReadOnlyList<int> b) => a.SequenceEqual(b),
        (null, _) or (_, null) => false,
        _ => x.Equals(y),
    };

    public int GetHashCode(object? obj)
    {
        if (obj is IReadOnlyList<int> widths)
        {
            var hash = new HashCode();
            foreach (var width in widths)
            {
                hash.Add(width);
            }

            return hash.ToHashCode();
        }

        return obj?.GetHashCode() ?? 0;
    }
}
