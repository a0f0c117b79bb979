using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HyperSearch.Engine.Kernels;

// Operand packing: per-thread native buffers, and A/B copied into the panel layout the micro-kernels read.
internal static unsafe partial class Gemm
{
    [ThreadStatic] private static float* _threadPackA;
    [ThreadStatic] private static int _threadPackACapacity;
    [ThreadStatic] private static float* _threadPackB;
    [ThreadStatic] private static int _threadPackBCapacity;

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;

    private static float* EnsureA(int floats)
    {
        if (_threadPackACapacity < floats)
        {
            NativeMemory.AlignedFree(_threadPackA);
            _threadPackA = (float*)NativeMemory.AlignedAlloc((nuint)(floats + 16) * sizeof(float), 64); // +16: Transpose.Block16 spill
            _threadPackACapacity = floats;
        }

        return _threadPackA;
    }

    private static float* EnsureB(int floats)
    {
        if (_threadPackBCapacity < floats)
        {
            NativeMemory.AlignedFree(_threadPackB);
            _threadPackB = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            _threadPackBCapacity = floats;
        }

        return _threadPackB;
    }

    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc) as MR-row panels, each (kc, MR), zero-padded rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(float* a, int lda, bool transA, int i0, int mc, int p0, int kc, float* dst)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int mr = Math.Min(MR, mc - ir);
            float* panel = dst + (long)ir * kc;
            if (transA)
            {
                // A stored (K, M): the MR values for one k are contiguous (one 8- and one 4-wide copy).
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(p0 + p) * lda + i0 + ir;
                    float* d = panel + p * MR;
                    if (mr == MR && Vector256.IsHardwareAccelerated)
                    {
                        Vector256.Store(Vector256.Load(src), d);
                        Vector128.Store(Vector128.Load(src + 8), d + 8);
                        continue;
                    }

                    int r = 0;
                    for (; r < mr; r++)
                    {
                        d[r] = src[r];
                    }

                    for (; r < MR; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
            else
            {
                // k outer, rows inner: the MR source rows are read as MR sequential streams (each cache
                // line is used for 16 consecutive k) and the panel is written contiguously.
                float* src = a + (long)(i0 + ir) * lda + p0;
                int p = 0;
                if (Avx512F.IsSupported)
                {
                    // 16 k at a time through a register transpose; columns overlap by 4 floats and
                    // are written in order, the spill past the last lands in the next slot or the slack.
                    for (; p <= kc - 16; p += 16)
                    {
                        Transpose.Block16(src + p, lda, mr, panel + (p * MR), MR);
                    }
                }

                for (; p < kc; p++)
                {
                    float* d = panel + p * MR;
                    int r = 0;
                    for (; r < mr; r++)
                    {
                        d[r] = src[(long)r * lda + p];
                    }

                    for (; r < MR; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc) as NR-column panels, each (kc, NR), zero-padded columns.
    /// <paramref name="bEnd"/> is the end of B's storage: a narrow panel is read with whole vectors
    /// (the surplus lanes masked to 0) wherever those reads stay inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, float* bEnd, int ldb, bool transB, int p0, int kc, int j0, int nc, float* dst)
    {
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            float* panel = dst + (long)jr * kc;
            if (!transB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + jr;
                    float* d = panel + p * NR;
                    if (nr == NR && Vector512.IsHardwareAccelerated)
                    {
                        Vector512.Store(Vector512.Load(src), d);
                        Vector512.Store(Vector512.Load(src + 16), d + 16);
                    }
                    else if (Vector512.IsHardwareAccelerated && src + NR <= bEnd)
                    {
                        // Lanes ≥ nr are the next columns or rows of B: read, then zeroed.
                        var lanes = Vector512<int>.Indices;
                        var low = Vector512.LessThan(lanes, Vector512.Create(nr)).AsSingle();
                        var high = Vector512.LessThan(lanes, Vector512.Create(nr - 16)).AsSingle();
                        Vector512.Store(Vector512.Load(src) & low, d);
                        Vector512.Store(Vector512.Load(src + 16) & high, d + 16);
                    }
                    else
                    {
                        int q = 0;
                        for (; q < nr; q++)
                        {
                            d[q] = src[q];
                        }

                        for (; q < NR; q++)
                        {
                            d[q] = 0f;
                        }
                    }
                }
            }
            else
            {
                // B stored (N, K): column j of op(B) is row j of storage, contiguous in p. Read the NR
                // rows as sequential streams and write the panel contiguously (see PackA).
                float* src = b + (long)(j0 + jr) * ldb + p0;
                int p = 0;
                if (Avx512F.IsSupported)
                {
                    for (; p <= kc - 16; p += 16)
                    {
                        Transpose.Block16(src + p, ldb, nr, panel + (p * NR), NR);
                        Transpose.Block16(src + (16 * (long)ldb) + p, ldb, nr - 16, panel + (p * NR) + 16, NR);
                    }
                }

                for (; p < kc; p++)
                {
                    float* d = panel + p * NR;
                    int q = 0;
                    for (; q < nr; q++)
                    {
                        d[q] = src[(long)q * ldb + p];
                    }

                    for (; q < NR; q++)
                    {
                        d[q] = 0f;
                    }
                }
            }
        }
    }
}
