using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HyperSearch.Engine.Kernels;

/// <summary>
/// Winograd's minimal filtering F(m×m, r×r) on 6×6 tiles (Lavin &amp; Gray, "Fast Algorithms for
/// Convolutional Neural Networks", CVPR 2016): a stride-1 r×r cross-correlation of an α×α input tile d
/// (α = m + r − 1 = 6) gives the m×m output tile Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, so over C channels and F
/// filters each tile costs α² = 36 multiply-adds per (c, f) instead of m²r² (100 for F(2×2, 5×5), 144
/// for F(4×4, 3×3)): 2.8× and 4× fewer. The matrices come from the Toom–Cook construction on the points
/// 0, 1, −1, 2, −2 and ∞, the set whose F(4, 3) is the paper's; both kernel sizes share it, so they share
/// Bᵀ. The three products of a training step all take the form: the forward pass as above, the input
/// gradient as the same correlation of the padded output gradient with the flipped filters (channels
/// swapped), and the filter gradient as ∂L/∂g = Gᵀ[Σ_tiles (A dY Aᵀ) ⊙ (Bᵀ d B)]G, the transpose of the
/// forward map. The tile transforms here work on NHWC data (channels contiguous, one vector of channels at
/// a time), writing the transformed tiles as 36 matrices (tiles × channels) for the engine's GEMM.
/// </summary>
internal sealed unsafe class Winograd
{
    public const int Alpha = 6;
    public const int Points = Alpha * Alpha;
    private const int Lanes = 16; // channels per transform: a Vector512, or two Vector256
    private static readonly double[] FinitePoints = [0, 1, -1, 2, -2];

    private readonly float[] _g;  // G (α × r)

    private Winograd(int kernel)
    {
        Kernel = kernel;
        Outputs = Alpha - kernel + 1;
        (BT, G, AT) = Construct(Outputs, kernel);
        _g = new float[Alpha * kernel];
        for (int i = 0; i < Alpha; i++)
        {
            for (int k = 0; k < kernel; k++)
            {
                _g[(i * kernel) + k] = (float)G[i, k];
            }
        }
    }

    /// <summary>F(2×2, 5×5).</summary>
    public static Winograd F2x5 { get; } = new(5);

    /// <summary>F(4×4, 3×3).</summary>
    public static Winograd F4x3 { get; } = new(3);

    /// <summary>r: the kernel size.</summary>
    public int Kernel { get; }

    /// <summary>m: outputs per tile side.</summary>
    public int Outputs { get; }

    /// <summary>The exact matrices (double), for the tests.</summary>
    internal double[,] BT { get; }

    internal double[,] G { get; }

    internal double[,] AT { get; }

    /// <summary>The transform for an r×r kernel, or null when there is none (only 3×3 and 5×5 have one).</summary>
    public static Winograd? For(int kernel) => kernel switch
    {
        3 => F4x3,
        5 => F2x5,
        _ => null,
    };

    /// <summary>Tiles along a side of <paramref name="outputs"/> output pixels.</summary>
    public int TilesFor(int outputs) => (outputs + Outputs - 1) / Outputs;

    /// <summary>
    /// Toom–Cook for F(m, r) on n = m + r − 1 points (the finite ones p_j and ∞): Aᵀ(i, j) = p_jⁱ,
    /// G(j, k) = p_jᵏ / Π_{l≠j}(p_j − p_l), Bᵀ row j the coefficients of Π_{l≠j}(x − p_l); the ∞ point adds
    /// Aᵀ's last column eₘ, G's last row eᵣ and Bᵀ's last row Π_l(x − p_l). Then y = Aᵀ[(G g) ⊙ (Bᵀ d)] is
    /// yᵢ = Σ_k g_k d_{i+k} exactly.
    /// </summary>
    internal static (double[,] BT, double[,] G, double[,] AT) Construct(int m, int r)
    {
        int n = m + r - 1;
        if (n - 1 > FinitePoints.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(r), "Not enough interpolation points.");
        }

        var p = FinitePoints.AsSpan(0, n - 1).ToArray();
        var at = new double[m, n];
        var g = new double[n, r];
        var bt = new double[n, n];
        for (int j = 0; j < n - 1; j++)
        {
            double f = 1;
            double[] poly = [1];
            for (int l = 0; l < n - 1; l++)
            {
                if (l != j)
                {
                    f *= p[j] - p[l];
                    poly = TimesLinear(poly, p[l]);
                }
            }

            for (int i = 0; i < m; i++)
            {
                at[i, j] = Math.Pow(p[j], i);
            }

            for (int k = 0; k < r; k++)
            {
                g[j, k] = Math.Pow(p[j], k) / f;
            }

            for (int q = 0; q < poly.Length; q++)
            {
                bt[j, q] = poly[q];
            }
        }

        double[] full = [1];
        foreach (double pl in p)
        {
            full = TimesLinear(full, pl);
        }

        for (int q = 0; q < n; q++)
        {
            bt[n - 1, q] = full[q];
        }

        at[m - 1, n - 1] = 1;
        g[n - 1, r - 1] = 1;
        return (bt, g, at);
    }

    // (Σ cᵢ xⁱ)·(x − root)
    private static double[] TimesLinear(double[] c, double root)
    {
        var result = new double[c.Length + 1];
        for (int i = 0; i < c.Length; i++)
        {
            result[i + 1] += c[i];
            result[i] -= c[i] * root;
        }

        return result;
    }

    /// <summary>
    /// V[ξ][t][c] = (Bᵀ d B)[ξ] for every α×α input tile d of <paramref name="samples"/> (H, W, C) images,
    /// the tile (th, tw) starting at pixel (th·m + origin, tw·m + origin) (pixels outside the image read 0),
    /// <paramref name="tilesH"/> × <paramref name="tilesW"/> tiles per image, t = (sample·tilesH + th)·tilesW + tw.
    /// V holds 36 matrices of (<paramref name="tiles"/>, C), tiles ≥ samples·tilesH·tilesW.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InputTiles(float* x, int samples, int height, int width, int channels, int origin, int tilesH, int tilesW, float* v, int tiles)
    {
        float* gathered = stackalloc float[Points * Lanes];
        float* work = stackalloc float[Points * Lanes];
        float* result = stackalloc float[Points * Lanes];
        long plane = (long)tiles * channels;
        long pixelRow = (long)width * channels;
        int t = 0;
        for (int s = 0; s < samples; s++)
        {
            float* image = x + ((long)s * height * width * channels);
            for (int th = 0; th < tilesH; th++)
            {
                int y0 = (th * Outputs) + origin;
                for (int tw = 0; tw < tilesW; tw++, t++)
                {
                    int x0 = (tw * Outputs) + origin;
                    bool inside = y0 >= 0 && x0 >= 0 && y0 + Alpha <= height && x0 + Alpha <= width;
                    for (int c0 = 0; c0 < channels; c0 += Lanes)
                    {
                        int lanes = Math.Min(Lanes, channels - c0);
                        float* dst = v + ((long)t * channels) + c0;
                        if (inside && lanes == Lanes)
                        {
                            // Straight from the image down the columns, straight into V along the rows.
                            float* corner = image + (((long)y0 * width) + x0) * channels + c0;
                            for (int q = 0; q < Alpha; q++)
                            {
                                InputTransform1D(corner + ((long)q * channels), pixelRow, work + (q * Lanes), Alpha * Lanes);
                            }

                            for (int i = 0; i < Alpha; i++)
                            {
                                InputTransform1D(work + (i * Alpha * Lanes), Lanes, dst + (i * Alpha * plane), plane);
                            }

                            continue;
                        }

                        for (int p = 0; p < Alpha; p++)
                        {
                            int y = y0 + p;
                            for (int q = 0; q < Alpha; q++)
                            {
                                int xx = x0 + q;
                                float* g = gathered + (((p * Alpha) + q) * Lanes);
                                if ((uint)y < (uint)height && (uint)xx < (uint)width)
                                {
                                    Copy(image + ((((long)y * width) + xx) * channels) + c0, g, lanes);
                                }
                                else
                                {
                                    new Span<float>(g, Lanes).Clear();
                                }
                            }
                        }

                        for (int q = 0; q < Alpha; q++)
                        {
                            InputTransform1D(gathered + (q * Lanes), Alpha * Lanes, work + (q * Lanes), Alpha * Lanes);
                        }

                        for (int i = 0; i < Alpha; i++)
                        {
                            InputTransform1D(work + (i * Alpha * Lanes), Lanes, result + (i * Alpha * Lanes), Lanes);
                        }

                        for (int xi = 0; xi < Points; xi++)
                        {
                            Copy(result + (xi * Lanes), dst + (xi * plane), lanes);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// y (samples, outH, outW, F) = (Aᵀ M A) per tile, from the 36 matrices M of (<paramref name="tiles"/>, F)
    /// the GEMMs wrote; a tile's pixels past outH/outW are dropped. Overwrites every output pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OutputTiles(float* mt, int tiles, int filters, int samples, int tilesH, int tilesW, float* y, int outH, int outW)
    {
        float* work = stackalloc float[Points * Lanes];
        float* result = stackalloc float[Points * Lanes];
        float* gathered = stackalloc float[Points * Lanes];
        long plane = (long)tiles * filters;
        long pixelRow = (long)outW * filters;
        int m = Outputs;
        int t = 0;
        for (int s = 0; s < samples; s++)
        {
            float* image = y + ((long)s * outH * outW * filters);
            for (int th = 0; th < tilesH; th++)
            {
                for (int tw = 0; tw < tilesW; tw++, t++)
                {
                    bool inside = (th * m) + m <= outH && (tw * m) + m <= outW;
                    for (int f0 = 0; f0 < filters; f0 += Lanes)
                    {
                        int lanes = Math.Min(Lanes, filters - f0);
                        float* src = mt + ((long)t * filters) + f0;
                        float* corner = image + ((((long)th * m * outW) + (tw * m)) * filters) + f0;
                        if (lanes < Lanes)
                        {
                            for (int xi = 0; xi < Points; xi++)
                            {
                                Copy(src + (xi * plane), gathered + (xi * Lanes), lanes);
                            }

                            src = gathered;
                        }

                        long srcPlane = lanes < Lanes ? Lanes : plane;
                        for (int q = 0; q < Alpha; q++)
                        {
                            OutputTransform1D(src + (q * srcPlane), Alpha * srcPlane, work + (q * Lanes), Alpha * Lanes);
                        }

                        if (inside && lanes == Lanes)
                        {
                            for (int i = 0; i < m; i++)
                            {
                                OutputTransform1D(work + (i * Alpha * Lanes), Lanes, corner + (i * pixelRow), filters);
                            }

                            continue;
                        }

                        for (int i = 0; i < m; i++)
                        {
                            OutputTransform1D(work + (i * Alpha * Lanes), Lanes, result + (i * m * Lanes), Lanes);
                        }

                        for (int i = 0; i < m && (th * m) + i < outH; i++)
                        {
                            for (int j = 0; j < m && (tw * m) + j < outW; j++)
                            {
                                Copy(result + (((i * m) + j) * Lanes), corner + (i * pixelRow) + ((long)j * filters), lanes);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Ŷ[ξ][t][f] = (A dY Aᵀ)[ξ] for every m×m output-gradient tile of dy (samples, outH, outW, F), pixels
    /// past outH/outW read 0; the layout of <see cref="InputTiles"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GradientTiles(float* dy, int samples, int outH, int outW, int filters, int tilesH, int tilesW, float* yhat, int tiles)
    {
        float* gathered = stackalloc float[Points * Lanes];
        float* work = stackalloc float[Points * Lanes];
        float* result = stackalloc float[Points * Lanes];
        long plane = (long)tiles * filters;
        long pixelRow = (long)outW * filters;
        int m = Outputs;
        int t = 0;
        for (int s = 0; s < samples; s++)
        {
            float* image = dy + ((long)s * outH * outW * filters);
            for (int th = 0; th < tilesH; th++)
            {
                for (int tw = 0; tw < tilesW; tw++, t++)
                {
                    bool inside = (th * m) + m <= outH && (tw * m) + m <= outW;
                    for (int f0 = 0; f0 < filters; f0 += Lanes)
                    {
                        int lanes = Math.Min(Lanes, filters - f0);
                        float* dst = yhat + ((long)t * filters) + f0;
                        float* corner = image + ((((long)th * m * outW) + (tw * m)) * filters) + f0;
                        float* src = corner;
                        long rowStride = pixelRow, pixelStride = filters;
                        if (!inside || lanes < Lanes)
                        {
                            for (int i = 0; i < m; i++)
                            {
                                for (int j = 0; j < m; j++)
                                {
                                    float* g = gathered + (((i * m) + j) * Lanes);
                                    if ((th * m) + i < outH && (tw * m) + j < outW)
                                    {
                                        Copy(corner + (i * pixelRow) + ((long)j * filters), g, lanes);
                                    }
                                    else
                                    {
                                        new Span<float>(g, Lanes).Clear();
                                    }
                                }
                            }

                            src = gathered;
                            rowStride = m * Lanes;
                            pixelStride = Lanes;
                        }

                        for (int q = 0; q < m; q++)
                        {
                            GradientTransform1D(src + (q * pixelStride), rowStride, work + (q * Lanes), m * Lanes);
                        }

                        bool direct = lanes == Lanes;
                        for (int i = 0; i < Alpha; i++)
                        {
                            GradientTransform1D(work + (i * m * Lanes), Lanes, direct ? dst + (i * Alpha * plane) : result + (i * Alpha * Lanes), direct ? plane : Lanes);
                        }

                        if (!direct)
                        {
                            for (int xi = 0; xi < Points; xi++)
                            {
                                Copy(result + (xi * Lanes), dst + (xi * plane), lanes);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// U[ξ] (C, F) = G g Gᵀ for every (c, f) of the filters w (r·r·C, F), row (kh·r + kw)·C + c; with
    /// <paramref name="flip"/> of the filters rotated 180° (g(r−1−kh, r−1−kw)), which the input gradient uses.
    /// </summary>
    public void FilterTiles(ReadOnlySpan<float> w, int channels, int filters, bool flip, Span<float> u)
    {
        int r = Kernel;
        int cf = channels * filters;
        u[..(Points * cf)].Clear();
        for (int i = 0; i < Alpha; i++)
        {
            for (int j = 0; j < Alpha; j++)
            {
                Span<float> dst = u.Slice(((i * Alpha) + j) * cf, cf);
                for (int kh = 0; kh < r; kh++)
                {
                    for (int kw = 0; kw < r; kw++)
                    {
                        float coefficient = _g[(i * r) + kh] * _g[(j * r) + kw];
                        if (coefficient == 0f)
                        {
                            continue;
                        }

                        int row = flip ? ((r - 1 - kh) * r) + (r - 1 - kw) : (kh * r) + kw;
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w.Slice(row * cf, cf), coefficient, dst, dst);
                    }
                }
            }
        }
    }

    /// <summary>dW (r·r·C, F) (+)= Gᵀ Z G for every (c, f), from the 36 summed matrices Z[ξ] (C, F).</summary>
    public void FilterGradient(ReadOnlySpan<float> z, int channels, int filters, Span<float> dw, bool accumulate)
    {
        int r = Kernel;
        int cf = channels * filters;
        if (!accumulate)
        {
            dw[..(r * r * cf)].Clear();
        }

        for (int kh = 0; kh < r; kh++)
        {
            for (int kw = 0; kw < r; kw++)
            {
                Span<float> dst = dw.Slice(((kh * r) + kw) * cf, cf);
                for (int i = 0; i < Alpha; i++)
                {
                    for (int j = 0; j < Alpha; j++)
                    {
                        float coefficient = _g[(i * r) + kh] * _g[(j * r) + kw];
                        if (coefficient != 0f)
                        {
                            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(z.Slice(((i * Alpha) + j) * cf, cf), coefficient, dst, dst);
                        }
                    }
                }
            }
        }
    }

    // The transforms, written out for the points 0, ±1, ±2, ∞ (the rows of Bᵀ, Aᵀ and A; see Construct),
    // as independent adds rather than one chain of dependent multiply-adds, one vector of Lanes channels
    // at a time; a 2-D transform is the 1-D one down the columns, then along the rows. Strides in floats.

    // Each 1-D transform runs on one Vector512 of Lanes channels where AVX-512 runs, else on two Vector256
    // halves: one generic body per transform (the JIT compiles it per vector type and keeps one branch).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform1D(float* d, long stride, float* r, long rstride)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            InputTransform1D<Wide>(d, stride, r, rstride);
        }
        else
        {
            InputTransform1D<Pair>(d, stride, r, rstride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OutputTransform1D(float* v, long stride, float* y, long ystride)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            OutputTransform1D<Wide>(v, stride, y, ystride);
        }
        else
        {
            OutputTransform1D<Pair>(v, stride, y, ystride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void GradientTransform1D(float* g, long stride, float* o, long ostride)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            GradientTransform1D<Wide>(g, stride, o, ostride);
        }
        else
        {
            GradientTransform1D<Pair>(g, stride, o, ostride);
        }
    }

    // (r0 … r5) = Bᵀ (d0 … d5)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform1D<T>(float* d, long stride, float* r, long rstride)
        where T : struct, ILanes<T>
    {
        var d0 = T.Load(d);
        var d1 = T.Load(d + stride);
        var d2 = T.Load(d + (2 * stride));
        var d3 = T.Load(d + (3 * stride));
        var d4 = T.Load(d + (4 * stride));
        var d5 = T.Load(d + (5 * stride));
        var four = T.Create(4f);
        var five = T.Create(5f);
        var d4m2 = d4 - d2;
        var d3m1 = T.Create(2f) * (d3 - d1);
        (T.Fma(four, d0, d4) - (five * d2)).Store(r);
        ((d3 + d4) - (four * (d1 + d2))).Store(r + rstride);
        ((d4 - d3) + (four * (d1 - d2))).Store(r + (2 * rstride));
        (d4m2 + d3m1).Store(r + (3 * rstride));
        (d4m2 - d3m1).Store(r + (4 * rstride));
        (T.Fma(four, d1, d5) - (five * d3)).Store(r + (5 * rstride));
    }

    // (y0 … y_{m−1}) = Aᵀ (m0 … m5)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OutputTransform1D<T>(float* v, long stride, float* y, long ystride)
        where T : struct, ILanes<T>
    {
        var m0 = T.Load(v);
        var m1 = T.Load(v + stride);
        var m2 = T.Load(v + (2 * stride));
        var m3 = T.Load(v + (3 * stride));
        var m4 = T.Load(v + (4 * stride));
        var m5 = T.Load(v + (5 * stride));
        var a = m1 + m2;
        var b = m1 - m2;
        var c = m3 + m4;
        var d = m3 - m4;
        (m0 + a + c).Store(y);
        if (Outputs == 2)
        {
            (T.Fma(T.Create(2f), d, b) + m5).Store(y + ystride);
            return;
        }

        T.Fma(T.Create(2f), d, b).Store(y + ystride);
        T.Fma(T.Create(4f), c, a).Store(y + (2 * ystride));
        (T.Fma(T.Create(8f), d, b) + m5).Store(y + (3 * ystride));
    }

    // (o0 … o5) = A (g0 … g_{m−1})
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void GradientTransform1D<T>(float* g, long stride, float* o, long ostride)
        where T : struct, ILanes<T>
    {
        var two = T.Create(2f);
        var g0 = T.Load(g);
        var g1 = T.Load(g + stride);
        if (Outputs == 2)
        {
            var twice = two * g1;
            g0.Store(o);
            (g0 + g1).Store(o + ostride);
            (g0 - g1).Store(o + (2 * ostride));
            (g0 + twice).Store(o + (3 * ostride));
            (g0 - twice).Store(o + (4 * ostride));
            g1.Store(o + (5 * ostride));
            return;
        }

        var g2 = T.Load(g + (2 * stride));
        var g3 = T.Load(g + (3 * stride));
        var e = g0 + g2;
        var f = g1 + g3;
        var e4 = T.Fma(T.Create(4f), g2, g0);
        var f8 = T.Fma(T.Create(8f), g3, two * g1);
        g0.Store(o);
        (e + f).Store(o + ostride);
        (e - f).Store(o + (2 * ostride));
        (e4 + f8).Store(o + (3 * ostride));
        (e4 - f8).Store(o + (4 * ostride));
        g3.Store(o + (5 * ostride));
    }

    // count ≤ Lanes floats from src to dst, a whole vector when count = Lanes. In a Lanes-wide staging slot the
    // lanes past count keep earlier (finite) values: transformed along, never copied out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        if (count == Lanes)
        {
            Vector256.Load(src).Store(dst);
            Vector256.Load(src + 8).Store(dst + 8);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>Lanes channels as one vector type: the operations the transforms use.</summary>
    private interface ILanes<T>
        where T : struct, ILanes<T>
    {
        static abstract T Load(float* p);

        static abstract T Create(float value);

        static abstract T Fma(T a, T b, T c); // a·b + c

        static abstract T operator +(T a, T b);

        static abstract T operator -(T a, T b);

        static abstract T operator *(T a, T b);

        void Store(float* p);
    }

    /// <summary>16 channels in one Vector512.</summary>
    private readonly struct Wide(Vector512<float> v) : ILanes<Wide>
    {
        private readonly Vector512<float> _v = v;

        public static Wide Load(float* p) => new(Vector512.Load(p));

        public static Wide Create(float value) => new(Vector512.Create(value));

        public static Wide Fma(Wide a, Wide b, Wide c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));

        public static Wide operator +(Wide a, Wide b) => new(a._v + b._v);

        public static Wide operator -(Wide a, Wide b) => new(a._v - b._v);

        public static Wide operator *(Wide a, Wide b) => new(a._v * b._v);

        public void Store(float* p) => _v.Store(p);
    }

    /// <summary>16 channels in two Vector256 halves.</summary>
    private readonly struct Pair(Vector256<float> low, Vector256<float> high) : ILanes<Pair>
    {
        private readonly Vector256<float> _low = low;
        private readonly Vector256<float> _high = high;

        public static Pair Load(float* p) => new(Vector256.Load(p), Vector256.Load(p + 8));

        public static Pair Create(float value) => new(Vector256.Create(value), Vector256.Create(value));

        public static Pair Fma(Pair a, Pair b, Pair c) =>
            new(Vector256.FusedMultiplyAdd(a._low, b._low, c._low), Vector256.FusedMultiplyAdd(a._high, b._high, c._high));

        public static Pair operator +(Pair a, Pair b) => new(a._low + b._low, a._high + b._high);

        public static Pair operator -(Pair a, Pair b) => new(a._low - b._low, a._high - b._high);

        public static Pair operator *(Pair a, Pair b) => new(a._low * b._low, a._high * b._high);

        public void Store(float* p)
        {
            _low.Store(p);
            _high.Store(p + 8);
        }
    }
}
