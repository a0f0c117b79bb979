using System.Runtime.CompilerServices;

namespace HyperSearch.Engine.Kernels;

/// <summary>
/// Data augmentation of image rows, channel-planar (C, H, W) as the data stores them (a batch buffer is
/// (B, C, H, W): one call per image). The random crop is torchvision's <c>RandomCrop(size, padding=P)</c>
/// on zero padding (shift the image by (top − P, left − P), filling with 0) and the flip its
/// <c>RandomHorizontalFlip</c> applied after it; the caller draws the offsets and the coin, so the kernel
/// is a pure function of its arguments. Each destination row is a zero fill, one contiguous copy and,
/// when flipped, an in-place (vectorised) reverse: no gather per pixel, no allocation.
/// </summary>
internal static class ImageOps
{
    /// <summary>
    /// destination (C, H, W) = the H×W window at (<paramref name="top"/>, <paramref name="left"/>) of
    /// <paramref name="source"/> (C, H, W) zero-padded by <paramref name="padding"/> on every side, mirrored
    /// left-right when <paramref name="flip"/>: destination[c, y, x] = padded[c, y + top, x′ + left] with
    /// x′ = W − 1 − x when flipped, else x. top and left lie in [0, 2·padding]; padding 0 with
    /// top = left = 0 and no flip is a copy. The spans must not overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CropFlip(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, int padding, int top, int left, bool flip)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if ((uint)top > (uint)(2 * padding) || (uint)left > (uint)(2 * padding))
        {
            throw new ArgumentOutOfRangeException(nameof(top), $"Crop offsets ({top}, {left}) must lie in [0, {2 * padding}].");
        }

        int plane = height * width;
        int size = channels * plane;
        if (source.Length < size || destination.Length < size)
        {
            throw new ArgumentException($"Images of {channels}x{height}x{width} need {size} values: source has {source.Length}, destination {destination.Length}.");
        }

        // Source row sy = y + dy, column sx = x + dx (before the flip); dx, dy ∈ [−P, P].
        int dy = top - padding, dx = left - padding;
        int x0 = Math.Max(0, -dx), x1 = Math.Min(width, width - dx); // destination columns with a source pixel
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> src = source.Slice(c * plane, plane);
            Span<float> dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < height; y++)
            {
                Span<float> row = dst.Slice(y * width, width);
                int sy = y + dy;
                if ((uint)sy >= (uint)height || x0 >= x1)
                {
                    row.Clear();
                    continue;
                }

                row[..x0].Clear();
                src.Slice((sy * width) + x0 + dx, x1 - x0).CopyTo(row[x0..x1]);
                row[x1..].Clear();
                if (flip)
                {
                    row.Reverse();
                }
            }
        }
    }
}
