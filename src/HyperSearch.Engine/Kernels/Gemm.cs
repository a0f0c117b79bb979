using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Numerics.Tensors;

namespace HyperSearch.Engine.Kernels;

/// <summary>
/// Single-precision GEMM, C(M,N) = [C +] op(A)(M,K) · op(B)(K,N), in the BLIS/GotoBLAS layout:
/// B is packed into K-blocks of 32-column panels, A into 12-row panels, and a 12×32 register tile
/// (24 Vector512 accumulators) is computed per panel pair. Transposition is handled entirely by the
/// packing routines, so the three cases a training step needs (X·W, dY·Wᵀ, Xᵀ·dY) share one kernel.
/// Determinism: the K blocking depends only on K, and every output element is produced by the same
/// sequence of FMAs whichever thread computes it, so results are bit-identical for any thread count.
/// </summary>
internal static unsafe class Gemm
{
    internal const int MR = 12;
    internal const int NR = 32;
    private const int KcMax = 256;   // a 256×32 B micro-panel is 32 KB: stays in L1 across the row panels
    private const int McMax = 120;   // A block 120×256 = 120 KB: stays in L2
    private const int NcMax = 1024;  // B block 256×1024 = 1 MB (L2-sized on Zen 4/5)

    [ThreadStatic] private static float* t_packA;
    [ThreadStatic] private static int t_packACapacity;
    [ThreadStatic] private static float* t_packB;
    [ThreadStatic] private static int t_packBCapacity;

    /// <summary>
    /// op(A)(i,p) = transA ? a[p*lda + i] : a[i*lda + p]; op(B)(p,j) = transB ? b[j*ldb + p] : b[p*ldb + j].
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transA,
        ReadOnlySpan<float> b, int ldb, bool transB,
        Span<float> c, int ldc,
        int m, int n, int k, bool accumulate, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (lda < (transA ? m : k) || ldb < (transB ? k : n) || ldc < n)
        {
            throw new ArgumentException("A leading dimension is smaller than its row length.");
        }

        long needA = transA ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        long needB = transB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        long needC = (long)(m - 1) * ldc + n;
        if (k > 0 && (a.Length < needA || b.Length < needB))
        {
            throw new ArgumentException("A or B is shorter than its shape requires.");
        }

        if (c.Length < needC)
        {
            throw new ArgumentException("C is shorter than its shape requires.", nameof(c));
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var job = new Job(pa, lda, transA, pb, ldb, transB, pc, ldc, k, accumulate);
            int panelsN = (n + NR - 1) / NR;
            int panelsM = (m + MR - 1) / MR;
            // Each thread gets a contiguous range of whole panels along the longer panel axis and
            // packs its own operands, so no synchronisation is needed inside the multiply.
            long flops = 2L * m * n * k;
            int t = Math.Max(1, Math.Min(threads, (int)Math.Min(int.MaxValue, flops / 2_000_000 + 1)));
            bool splitN = panelsN >= panelsM || panelsN >= t;
            int parts = Math.Min(t, splitN ? panelsN : panelsM);
            if (parts <= 1)
            {
                job.Run(0, m, 0, n);
                return;
            }

            RunParallel(job, parts, splitN, splitN ? panelsN : panelsM, m, n);
        }
    }

    // The split is a pure function of (parts, panels), so results do not depend on who runs a part.
    private static void RunParallel(Job job, int parts, bool splitN, int panels, int m, int n)
    {
        var state = new ParallelState(job, splitN, panels, m, n);
        ForkJoinTeam.Run(&RunPart, &state, parts);
    }

    private static void RunPart(void* state, int part, int parts)
    {
        ref readonly var s = ref *(ParallelState*)state;
        int p0 = (int)((long)s.Panels * part / parts);
        int p1 = (int)((long)s.Panels * (part + 1) / parts);
        if (s.SplitN)
        {
            s.Job.Run(0, s.M, p0 * NR, Math.Min(s.N, p1 * NR));
        }
        else
        {
            s.Job.Run(p0 * MR, Math.Min(s.M, p1 * MR), 0, s.N);
        }
    }

    private readonly struct ParallelState(Job job, bool splitN, int panels, int m, int n)
    {
        public readonly Job Job = job;
        public readonly bool SplitN = splitN;
        public readonly int Panels = panels;
        public readonly int M = m;
        public readonly int N = n;
    }

    private readonly struct Job(float* a, int lda, bool transA, float* b, int ldb, bool transB, float* c, int ldc, int k, bool accumulate)
    {
        private readonly nint _a = (nint)a;
        private readonly nint _b = (nint)b;
        private readonly nint _c = (nint)c;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int i0, int i1, int j0, int j1)
        {
            float* pa = (float*)_a;
            float* pb = (float*)_b;
            float* pc = (float*)_c;
            int kBlocks = (k + KcMax - 1) / KcMax;
            int kcStep = (k + kBlocks - 1) / kBlocks;
            float* bufA = EnsureA(McMax * kcStep);
            float* bufB = EnsureB(Math.Min(NcMax, RoundUp(j1 - j0, NR)) * kcStep);
            float* edge = stackalloc float[MR * NR];

            for (int jc = j0; jc < j1; jc += NcMax)
            {
                int nc = Math.Min(NcMax, j1 - jc);
                for (int pc0 = 0; pc0 < k; pc0 += kcStep)
                {
                    int kc = Math.Min(kcStep, k - pc0);
                    bool acc = accumulate || pc0 > 0;
                    PackB(pb, ldb, transB, pc0, kc, jc, nc, bufB);
                    for (int ic = i0; ic < i1; ic += McMax)
                    {
                        int mc = Math.Min(McMax, i1 - ic);
                        PackA(pa, lda, transA, ic, mc, pc0, kc, bufA);
                        for (int jr = 0; jr < nc; jr += NR)
                        {
                            int nr = Math.Min(NR, nc - jr);
                            float* bPanel = bufB + (long)jr * kc;
                            for (int ir = 0; ir < mc; ir += MR)
                            {
                                int mr = Math.Min(MR, mc - ir);
                                float* aPanel = bufA + (long)ir * kc;
                                float* cTile = pc + (long)(ic + ir) * ldc + jc + jr;
                                if (mr == MR && nr == NR)
                                {
                                    Kernel(aPanel, bPanel, kc, cTile, ldc, acc);
                                }
                                else
                                {
                                    if (nr <= NR / 2 && Avx512F.IsSupported)
                                    {
                                        // Narrow tail (e.g. the 10-class output layer): half the FMAs.
                                        Kernel512Half(aPanel, bPanel, kc, edge);
                                    }
                                    else
                                    {
                                        Kernel(aPanel, bPanel, kc, edge, NR, false);
                                    }

                                    for (int r = 0; r < mr; r++)
                                    {
                                        float* src = edge + r * NR;
                                        float* dst = cTile + (long)r * ldc;
                                        if (acc)
                                        {
                                            for (int q = 0; q < nr; q++)
                                            {
                                                dst[q] += src[q];
                                            }
                                        }
                                        else
                                        {
                                            for (int q = 0; q < nr; q++)
                                            {
                                                dst[q] = src[q];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;

    private static float* EnsureA(int floats)
    {
        if (t_packACapacity < floats)
        {
            NativeMemory.AlignedFree(t_packA);
            t_packA = (float*)NativeMemory.AlignedAlloc((nuint)(floats + 16) * sizeof(float), 64); // +16: Transpose.Block16 spill
            t_packACapacity = floats;
        }

        return t_packA;
    }

    private static float* EnsureB(int floats)
    {
        if (t_packBCapacity < floats)
        {
            NativeMemory.AlignedFree(t_packB);
            t_packB = (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);
            t_packBCapacity = floats;
        }

        return t_packB;
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
                // A stored (K, M): the MR values for one k are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(p0 + p) * lda + i0 + ir;
                    float* d = panel + p * MR;
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

    /// <summary>Packs op(B)[p0..p0+kc, j0..j0+nc) as NR-column panels, each (kc, NR), zero-padded columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, int ldb, bool transB, int p0, int kc, int j0, int nc, float* dst)
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

    /// <summary>Rows row0…row0+5, columns col0…col0+15 of the 12×32 tile, with AVX2 FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(float* a, float* b, int kc, float* c, int ldc, bool accumulate, int row0, int col0)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        a += row0;
        b += col0;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += MR;
            b += NR;
        }

        c += ((long)row0 * ldc) + col0;
        Store256(c + (0L * ldc), c00, c01, accumulate);
        Store256(c + (1L * ldc), c10, c11, accumulate);
        Store256(c + (2L * ldc), c20, c21, accumulate);
        Store256(c + (3L * ldc), c30, c31, accumulate);
        Store256(c + (4L * ldc), c40, c41, accumulate);
        Store256(c + (5L * ldc), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }

        Vector256.Store(v0, c);
        Vector256.Store(v1, c + 8);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(float* a, float* b, int kc, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a[8]);
            c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a[9]);
            c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a[10]);
            ca0 = Avx512F.FusedMultiplyAdd(x, b0, ca0); ca1 = Avx512F.FusedMultiplyAdd(x, b1, ca1);
            x = Vector512.Create(a[11]);
            cb0 = Avx512F.FusedMultiplyAdd(x, b0, cb0); cb1 = Avx512F.FusedMultiplyAdd(x, b1, cb1);
            a += MR;
            b += NR;
        }

        Store(c + 0L * ldc, c00, c01, accumulate);
        Store(c + 1L * ldc, c10, c11, accumulate);
        Store(c + 2L * ldc, c20, c21, accumulate);
        Store(c + 3L * ldc, c30, c31, accumulate);
        Store(c + 4L * ldc, c40, c41, accumulate);
        Store(c + 5L * ldc, c50, c51, accumulate);
        Store(c + 6L * ldc, c60, c61, accumulate);
        Store(c + 7L * ldc, c70, c71, accumulate);
        Store(c + 8L * ldc, c80, c81, accumulate);
        Store(c + 9L * ldc, c90, c91, accumulate);
        Store(c + 10L * ldc, ca0, ca1, accumulate);
        Store(c + 11L * ldc, cb0, cb1, accumulate);
    }

    /// <summary>12×16 variant for panels whose valid width is ≤ 16: writes columns 0…15 of each edge row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512Half(float* a, float* b, int kc, float* c)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, ca = default, cb = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[8]), b0, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[9]), b0, c9);
            ca = Avx512F.FusedMultiplyAdd(Vector512.Create(a[10]), b0, ca);
            cb = Avx512F.FusedMultiplyAdd(Vector512.Create(a[11]), b0, cb);
            a += MR;
            b += NR;
        }

        Vector512.Store(c0, c + (0 * NR));
        Vector512.Store(c1, c + (1 * NR));
        Vector512.Store(c2, c + (2 * NR));
        Vector512.Store(c3, c + (3 * NR));
        Vector512.Store(c4, c + (4 * NR));
        Vector512.Store(c5, c + (5 * NR));
        Vector512.Store(c6, c + (6 * NR));
        Vector512.Store(c7, c + (7 * NR));
        Vector512.Store(c8, c + (8 * NR));
        Vector512.Store(c9, c + (9 * NR));
        Vector512.Store(ca, c + (10 * NR));
        Vector512.Store(cb, c + (11 * NR));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }

        Vector512.Store(v0, c);
        Vector512.Store(v1, c + 16);
    }
}
