using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Numerics.Tensors;

namespace HyperSearch.Engine.Kernels;

// The 12×32 micro-kernel: dispatch by instruction set, and the portable fallback.
internal static unsafe partial class Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(float* a, float* b, int kc, float* c, int ldc, bool accumulate)
    {
        if (Avx512F.IsSupported)
        {
            Kernel512(a, b, kc, c, ldc, accumulate);
        }
        else if (Fma.IsSupported)
        {
            // AVX2 has 16 ymm registers: the 12×32 tile is done as four 6×16 sub-tiles (12 accumulators each).
            Kernel256(a, b, kc, c, ldc, accumulate, 0, 0);
            Kernel256(a, b, kc, c, ldc, accumulate, 0, 16);
            Kernel256(a, b, kc, c, ldc, accumulate, 6, 0);
            Kernel256(a, b, kc, c, ldc, accumulate, 6, 16);
        }
        else
        {
            KernelPortable(a, b, kc, c, ldc, accumulate);
        }
    }

    /// <summary>
    /// Portable fallback: one output row at a time with TensorPrimitives (which itself picks the
    /// widest vector width); slower than the register tile but correct everywhere.
    /// </summary>
    private static void KernelPortable(float* a, float* b, int kc, float* c, int ldc, bool accumulate)
    {
        Span<float> row = stackalloc float[NR];
        for (int r = 0; r < MR; r++)
        {
            row.Clear();
            for (int p = 0; p < kc; p++)
            {
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b + p * NR, NR), a[p * MR + r], row, row);
            }

            var dst = new Span<float>(c + (long)r * ldc, NR);
            if (accumulate)
            {
                TensorPrimitives.Add(dst, row, dst);
            }
            else
            {
                row.CopyTo(dst);
            }
        }
    }
}
