using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace HyperSearch.Engine.Kernels;

/// <summary>
/// Single-precision GEMM, C(M,N) = [C +] op(A)(M,K) · op(B)(K,N), in the BLIS/GotoBLAS layout:
/// B is packed into K-blocks of 32-column panels, A into 12-row panels, and a 12×32 register tile
/// (24 Vector512 accumulators) is computed per panel pair. Transposition is handled entirely by the
/// packing routines, so the three cases a training step needs (X·W, dY·Wᵀ, Xᵀ·dY) share one kernel.
/// Determinism: the K blocking depends only on K, and every output element is produced by the same
/// sequence of FMAs whichever thread computes it, so results are bit-identical for any thread count.
/// Split by concern: this file is the entry point, the thread split and the blocking loops;
/// Gemm.Packing.cs packs the operands; Gemm.MicroKernels.cs dispatches the micro-kernel by
/// instruction set (and holds the portable one); Gemm.Avx512.cs and Gemm.Avx2.cs are the register tiles.
/// </summary>
internal static unsafe partial class Gemm
{
    internal const int MR = 12;
    internal const int NR = 32;
    private const int KcMax = 256;   // a 256×32 B micro-panel is 32 KB: stays in L1 across the row panels
    private const int McMax = 120;   // A block 120×256 = 120 KB: stays in L2
    private const int NcMax = 1024;  // B block 256×1024 = 1 MB (L2-sized on Zen 4/5)

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
            var job = new Job(pa, lda, transA, pb, pb + needB, ldb, transB, pc, ldc, k, accumulate);
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

    private readonly struct Job(float* a, int lda, bool transA, float* b, float* bEnd, int ldb, bool transB, float* c, int ldc, int k, bool accumulate)
    {
        private readonly nint _a = (nint)a;
        private readonly nint _b = (nint)b;
        private readonly nint _bEnd = (nint)bEnd;
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
                    PackB(pb, (float*)_bEnd, ldb, transB, pc0, kc, jc, nc, bufB);
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
}
