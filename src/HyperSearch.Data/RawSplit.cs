using System.Numerics.Tensors;

namespace HyperSearch.Data;

/// <summary>
/// Rows of a dataset as read from its source, before any scaling or splitting: either pixel bytes
/// (image sources, a quarter of the float32 size, scaled by 1/255 when prepared) or float features
/// (CSV, synthetic). Read-only and shared by the cache, so it hands out read-only views only.
/// </summary>
public sealed class RawSplit
{
    private readonly byte[]? _pixels;
    private readonly float[]? _values;
    private readonly int[] _labels;

    private RawSplit(byte[]? pixels, float[]? values, int[] labels, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        var length = pixels?.Length ?? values!.Length;
        if ((long)labels.Length * featureCount != length)
        {
            throw new ArgumentException($"{length} values do not make {labels.Length} rows of {featureCount} features.", nameof(labels));
        }

        _pixels = pixels;
        _values = values;
        _labels = labels;
        FeatureCount = featureCount;
    }

    /// <summary>Wraps pixel bytes without copying; the caller gives up the arrays.</summary>
    public static RawSplit FromPixels(byte[] pixels, int[] labels, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return new RawSplit(pixels, null, labels, featureCount);
    }

    /// <summary>Wraps float features without copying; the caller gives up the arrays.</summary>
    public static RawSplit FromValues(float[] values, int[] labels, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new RawSplit(null, values, labels, featureCount);
    }

    public int Count => _labels.Length;

    public int FeatureCount { get; }

    /// <summary>True when the rows are pixel bytes (0..255) rather than float features.</summary>
    public bool IsPixels => _pixels is not null;

    /// <summary>Row-major (Count, FeatureCount) pixel bytes; empty unless <see cref="IsPixels"/>.</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    /// <summary>Row-major (Count, FeatureCount) features; empty when <see cref="IsPixels"/>.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>(Count) class ids.</summary>
    public ReadOnlyMemory<int> Labels => _labels;

    /// <summary>Bytes held by this split's arrays (what the cache reports).</summary>
    public long SizeInBytes => (_pixels?.LongLength ?? (_values!.LongLength * sizeof(float))) + (_labels.LongLength * sizeof(int));

    internal int LabelAt(int row) => _labels[row];

    /// <summary>Writes row <paramref name="row"/> as float32; pixels are scaled to [0, 1].</summary>
    internal void CopyRow(int row, Span<float> destination)
    {
        var offset = row * FeatureCount;
        if (_pixels is not null)
        {
            // ConvertChecked (byte always fits) is vectorised; ConvertTruncating<byte, float> is a
            // scalar generic loop ~100x slower. Division, not a multiply by 1/255, so values match
            // torch's x / 255 bit for bit.
            var output = destination[..FeatureCount];
            TensorPrimitives.ConvertChecked<byte, float>(_pixels.AsSpan(offset, FeatureCount), output);
            TensorPrimitives.Divide(output, 255f, output);
        }
        else
        {
            _values.AsSpan(offset, FeatureCount).CopyTo(destination);
        }
    }

    /// <summary>Joins splits of one shape into a new split, copying each array once.</summary>
    internal static RawSplit Concat(IReadOnlyList<RawSplit> parts)
    {
        var first = parts[0];
        if (parts.Any(p => p.FeatureCount != first.FeatureCount || p.IsPixels != first.IsPixels))
        {
            throw new ArgumentException("Splits of different shapes cannot be concatenated.", nameof(parts));
        }

        int[] labels = [.. parts.SelectMany(p => p._labels)];
        if (first.IsPixels)
        {
            var pixels = new byte[parts.Sum(p => (long)p._pixels!.Length)];
            var at = 0;
            foreach (var part in parts)
            {
                part._pixels!.CopyTo(pixels, at);
                at += part._pixels.Length;
            }

            return FromPixels(pixels, labels, first.FeatureCount);
        }

        var values = new float[parts.Sum(p => (long)p._values!.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part._values!.CopyTo(values, offset);
            offset += part._values.Length;
        }

        return FromValues(values, labels, first.FeatureCount);
    }
}
