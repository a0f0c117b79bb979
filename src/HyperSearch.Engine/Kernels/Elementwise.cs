using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HyperSearch.Engine.Kernels;

/// <summary>An element-wise unary operator, written once per vector width (TensorPrimitives style).</summary>
internal interface IUnaryOp
{
    float Invoke(float x);

    Vector512<float> Invoke(Vector512<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector128<float> Invoke(Vector128<float> x);
}

/// <summary>An element-wise binary operator, written once per vector width.</summary>
internal interface IBinaryOp
{
    float Invoke(float x, float y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);
}

/// <summary>
/// The one loop that drives every element-wise operator: widest vector first, then narrower ones,
/// then a scalar tail. No overlapping last vector, so in-place use (destination == input) is safe.
/// </summary>
internal static class Elementwise
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> destination, TOp op)
        where TOp : struct, IUnaryOp
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, TOp op)
        where TOp : struct, IBinaryOp
    {
        if (y.Length != x.Length || destination.Length < x.Length)
        {
            throw new ArgumentException("Span lengths differ.", nameof(y));
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dr = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i), Vector128.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }
}
