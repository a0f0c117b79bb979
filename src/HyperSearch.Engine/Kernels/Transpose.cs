using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HyperSearch.Engine.Kernels;

/// <summary>
/// 16×16 float transpose in AVX-512 registers (unpack ps → unpack pd → two 128-bit lane shuffles),
/// used by the GEMM packers where a panel is gathered across rows: a scalar gather costs about two
/// instructions per element, this about a quarter.
/// </summary>
internal static unsafe class Transpose
{
    /// <summary>
    /// Reads rows 0…rows−1 (16 floats each, row stride <paramref name="ld"/>; rows ≥ <paramref name="rows"/>
    /// read as 0) and writes column c (16 floats, one per row) to dst + c·<paramref name="dstStride"/>,
    /// for c = 0…15 in increasing order (so with a stride below 16 column c + 1 overwrites the spill of
    /// column c, and the last store writes 16 − stride floats past column 15's slot: callers leave slack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Block16(float* src, long ld, int rows, float* dst, int dstStride)
    {
        Vector512<float> r0 = Row(src, ld, 0, rows), r1 = Row(src, ld, 1, rows), r2 = Row(src, ld, 2, rows), r3 = Row(src, ld, 3, rows);
        Vector512<float> r4 = Row(src, ld, 4, rows), r5 = Row(src, ld, 5, rows), r6 = Row(src, ld, 6, rows), r7 = Row(src, ld, 7, rows);
        Vector512<float> r8 = Row(src, ld, 8, rows), r9 = Row(src, ld, 9, rows), r10 = Row(src, ld, 10, rows), r11 = Row(src, ld, 11, rows);
        Vector512<float> r12 = Row(src, ld, 12, rows), r13 = Row(src, ld, 13, rows), r14 = Row(src, ld, 14, rows), r15 = Row(src, ld, 15, rows);

        // Per 128-bit lane L, uJ (group g) = column 4L + J of rows 4g … 4g + 3.
        Quad(r0, r1, r2, r3, out var u0, out var u1, out var u2, out var u3);
        Quad(r4, r5, r6, r7, out var u4, out var u5, out var u6, out var u7);
        Quad(r8, r9, r10, r11, out var u8, out var u9, out var u10, out var u11);
        Quad(r12, r13, r14, r15, out var u12, out var u13, out var u14, out var u15);

        Columns(u0, u4, u8, u12, out var c0, out var c4, out var c8, out var c12);
        Columns(u1, u5, u9, u13, out var c1, out var c5, out var c9, out var c13);
        Columns(u2, u6, u10, u14, out var c2, out var c6, out var c10, out var c14);
        Columns(u3, u7, u11, u15, out var c3, out var c7, out var c11, out var c15);

        // Strictly increasing column order, so overlapping stores (stride < 16) leave every column whole.
        Vector512.Store(c0, dst);
        Vector512.Store(c1, dst + dstStride);
        Vector512.Store(c2, dst + (2 * dstStride));
        Vector512.Store(c3, dst + (3 * dstStride));
        Vector512.Store(c4, dst + (4 * dstStride));
        Vector512.Store(c5, dst + (5 * dstStride));
        Vector512.Store(c6, dst + (6 * dstStride));
        Vector512.Store(c7, dst + (7 * dstStride));
        Vector512.Store(c8, dst + (8 * dstStride));
        Vector512.Store(c9, dst + (9 * dstStride));
        Vector512.Store(c10, dst + (10 * dstStride));
        Vector512.Store(c11, dst + (11 * dstStride));
        Vector512.Store(c12, dst + (12 * dstStride));
        Vector512.Store(c13, dst + (13 * dstStride));
        Vector512.Store(c14, dst + (14 * dstStride));
        Vector512.Store(c15, dst + (15 * dstStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* src, long ld, int r, int rows) => r < rows ? Vector512.Load(src + (r * ld)) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quad(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, out Vector512<float> j0, out Vector512<float> j1, out Vector512<float> j2, out Vector512<float> j3)
    {
        var t0 = Avx512F.UnpackLow(a, b).AsDouble();
        var t1 = Avx512F.UnpackHigh(a, b).AsDouble();
        var t2 = Avx512F.UnpackLow(c, d).AsDouble();
        var t3 = Avx512F.UnpackHigh(c, d).AsDouble();
        j0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        j1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        j2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        j3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>Columns j, 4 + j, 8 + j, 12 + j from the four row groups' vectors for offset j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Columns(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3, out Vector512<float> c0, out Vector512<float> c4, out Vector512<float> c8, out Vector512<float> c12)
    {
        var s0 = Avx512F.Shuffle4x128(g0, g1, 0x44);
        var s1 = Avx512F.Shuffle4x128(g0, g1, 0xEE);
        var s2 = Avx512F.Shuffle4x128(g2, g3, 0x44);
        var s3 = Avx512F.Shuffle4x128(g2, g3, 0xEE);
        c0 = Avx512F.Shuffle4x128(s0, s2, 0x88);
        c4 = Avx512F.Shuffle4x128(s0, s2, 0xDD);
        c8 = Avx512F.Shuffle4x128(s1, s3, 0x88);
        c12 = Avx512F.Shuffle4x128(s1, s3, 0xDD);
    }
}
