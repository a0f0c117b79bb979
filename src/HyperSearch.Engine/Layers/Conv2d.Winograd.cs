using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// The Winograd path of a stride-1 3×3 or 5×5 convolution over an (H, W, C) input of at least
/// <see cref="WinogradMinChannels"/> channels (every conv block after the first): F(4×4, 3×3) or
/// F(2×2, 5×5) on 6×6 tiles (see <see cref="Winograd"/>), each of a training step's three products as 36
/// GEMMs over the transformed tiles of a chunk of samples:
/// forward M[ξ] (tiles, F) = V[ξ] (tiles, C) · U[ξ] (C, F), with V the input tiles and U = G g Gᵀ;
/// the filter gradient Z[ξ] (C, F) += V[ξ]ᵀ · Ŷ[ξ] (tiles, F), Ŷ = A dY Aᵀ, and dW = Gᵀ Z G once per batch;
/// the input gradient as the forward pass of dY (padded by k − 1 − p) with the filters rotated 180°.
/// The first layer (one channel, channel-planar data) keeps im2col: its GEMM's inner dimension k·k·C is
/// already small, and a one-channel Winograd GEMM would have an inner dimension of 1.
/// </summary>
internal sealed partial class Conv2d
{
    private const int WinogradMinChannels = 8;
    private readonly Winograd? _winograd;
    private readonly int _tilesH, _tilesW;      // tiles over the output (forward, filter gradient)
    private readonly int _dxTilesH, _dxTilesW;  // tiles over the input (input gradient)
    private readonly float[] _u = [];           // 36 × (C, F): the filters' transform, refreshed by each batch's first part
    private readonly float[] _uFlipped = [];    // 36 × (C, F): the rotated filters' transform, for the input gradient
    private readonly float[] _z = [];           // 36 × (C, F): the filter gradient in the transformed domain, summed over parts
    private float[] _tiles = [];                // the transformed input (or output-gradient) tiles of a chunk
    private float[] _products = [];             // what the 36 GEMMs of a chunk write

    /// <summary>Whether this layer runs the Winograd path (stride 1, 3×3 or 5×5, an (H, W, C) input of ≥ 8 channels).</summary>
    public bool UsesWinograd => _winograd is not null;

    private static Winograd? WinogradFor(ImageShape input, int kernel, int stride, bool planarInput) =>
        stride == 1 && !planarInput && input.Channels >= WinogradMinChannels ? Winograd.For(kernel) : null;

    private unsafe void ForwardWinograd(Span<float> y, ReadOnlySpan<float> x, int batch, bool firstPart)
    {
        var wg = _winograd!;
        int c = Input.Channels, f = Filters;
        if (firstPart)
        {
            wg.FilterTiles(Weight.Span, c, f, flip: false, _u);
        }

        EnsureTileBuffers();
        fixed (float* px = x, py = y, pv = _tiles, pm = _products)
        {
            for (int s0 = 0; s0 < batch; s0 += SamplesPerChunk)
            {
                int n = Math.Min(SamplesPerChunk, batch - s0);
                int tiles = n * _tilesH * _tilesW;
                wg.InputTiles(px + ((long)s0 * Input.Size), n, Input.Height, Input.Width, c, -Padding, _tilesH, _tilesW, pv, tiles);
                MultiplyTiles(pv, tiles, c, _u, f, transposedFilters: false, pm);
                wg.OutputTiles(pm, tiles, f, n, _tilesH, _tilesW, py + ((long)s0 * OutputSize), OutHeight, OutWidth);
            }
        }
    }

    private unsafe void BackwardWinograd(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool first)
    {
        var wg = _winograd!;
        int c = Input.Channels, f = Filters;
        if (!dx.IsEmpty && dx.Length < batch * Input.Size)
        {
            throw new ArgumentException($"Conv2d's input gradient is too short for a batch of {batch}.", nameof(dx));
        }

        if (first && !dx.IsEmpty)
        {
            wg.FilterTiles(Weight.Span, c, f, flip: true, _uFlipped);
        }

        EnsureTileBuffers();
        fixed (float* px = x, pdy = dy, pdx = dx, pv = _tiles, pm = _products, pz = _z)
        {
            for (int s0 = 0; s0 < batch; s0 += SamplesPerChunk)
            {
                int n = Math.Min(SamplesPerChunk, batch - s0);
                int tiles = n * _tilesH * _tilesW;
                float* dyChunk = pdy + ((long)s0 * OutputSize);
                wg.InputTiles(px + ((long)s0 * Input.Size), n, Input.Height, Input.Width, c, -Padding, _tilesH, _tilesW, pv, tiles);
                wg.GradientTiles(dyChunk, n, OutHeight, OutWidth, f, _tilesH, _tilesW, pm, tiles);
                // Z[ξ] (C, F) (+)= V[ξ]ᵀ (C, tiles) · Ŷ[ξ] (tiles, F).
                new TileProducts(pv, tiles * c, c, true, pm, tiles * f, f, false, pz, c * f, f, c, f, tiles, !first || s0 > 0).RunAll(Threads);

                if (dx.IsEmpty)
                {
                    continue;
                }

                int dxTiles = n * _dxTilesH * _dxTilesW;
                wg.InputTiles(dyChunk, n, OutHeight, OutWidth, f, Padding - (Kernel - 1), _dxTilesH, _dxTilesW, pv, dxTiles);
                MultiplyTiles(pv, dxTiles, f, _uFlipped, c, transposedFilters: true, pm);
                wg.OutputTiles(pm, dxTiles, c, n, _dxTilesH, _dxTilesW, pdx + ((long)s0 * Input.Size), Input.Height, Input.Width);
            }
        }
    }

    /// <summary>
    /// products[ξ] (tiles, outC) = tiles[ξ] (tiles, inC) · U[ξ], U[ξ] stored (inC, outC), or (outC, inC) and
    /// read transposed when <paramref name="transposedFilters"/>.
    /// </summary>
    private unsafe void MultiplyTiles(float* tileMatrices, int tiles, int inC, float[] filters, int outC, bool transposedFilters, float* products)
    {
        fixed (float* pu = filters)
        {
            new TileProducts(tileMatrices, tiles * inC, inC, false, pu, inC * outC, transposedFilters ? inC : outC, transposedFilters, products, tiles * outC, outC, tiles, outC, inC, accumulate: false)
                .RunAll(Threads);
        }
    }

    private void EnsureTileBuffers()
    {
        if (_tiles.Length == 0)
        {
            int perSample = Winograd.Points * Math.Max(_tilesH * _tilesW, _dxTilesH * _dxTilesW) * Math.Max(Input.Channels, Filters);
            _tiles = new float[SamplesPerChunk * perSample];
            _products = new float[SamplesPerChunk * perSample];
        }
    }

    /// <summary>
    /// The 36 products C[ξ] = op(A[ξ]) · op(B[ξ]) of a chunk, each matrix one plane apart. Each product is one
    /// single-threaded GEMM (they are small: 147 × 32 × 64 for the reference CNN); with several threads the
    /// 36 are split into contiguous ranges, which changes who computes a product, never how.
    /// </summary>
    private readonly unsafe struct TileProducts(
        float* a, int aPlane, int lda, bool transA,
        float* b, int bPlane, int ldb, bool transB,
        float* c, int cPlane, int ldc, int m, int n, int k, bool accumulate)
    {
        private readonly nint _a = (nint)a, _b = (nint)b, _c = (nint)c;

        public void RunAll(int threads)
        {
            int parts = Math.Min(threads, Winograd.Points);
            if (parts <= 1)
            {
                Run(0, Winograd.Points);
                return;
            }

            var self = this;
            ForkJoinTeam.Run(&RunPart, &self, parts);
        }

        private static void RunPart(void* state, int part, int parts)
        {
            ref readonly var job = ref *(TileProducts*)state;
            job.Run(Winograd.Points * part / parts, Winograd.Points * (part + 1) / parts);
        }

        private void Run(int from, int to)
        {
            for (int xi = from; xi < to; xi++)
            {
                Gemm.Multiply(
                    new ReadOnlySpan<float>((float*)_a + ((long)xi * aPlane), aPlane), lda, transA,
                    new ReadOnlySpan<float>((float*)_b + ((long)xi * bPlane), bPlane), ldb, transB,
                    new Span<float>((float*)_c + ((long)xi * cPlane), cPlane), ldc, m, n, k, accumulate, threads: 1);
            }
        }
    }
}
