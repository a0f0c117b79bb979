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
                MultiplyTiles(_tiles, tiles, c, _u, f, transposedFilters: false, _products);
                wg.OutputTiles(pm, tiles, f, n, _tilesH, _tilesW, py + ((long)s0 * OutputSize), OutHeight, OutWidth);
            }
        }
    }

    private unsafe void BackwardWinograd(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool first)
    {
        var wg = _winograd!;
        int c = Input.Channels, f = Filters;
        if (first && !dx.IsEmpty)
        {
            wg.FilterTiles(Weight.Span, c, f, flip: true, _uFlipped);
        }

        EnsureTileBuffers();
        fixed (float* px = x, pdy = dy, pdx = dx, pv = _tiles, pm = _products)
        {
            for (int s0 = 0; s0 < batch; s0 += SamplesPerChunk)
            {
                int n = Math.Min(SamplesPerChunk, batch - s0);
                int tiles = n * _tilesH * _tilesW;
                float* dyChunk = pdy + ((long)s0 * OutputSize);
                wg.InputTiles(px + ((long)s0 * Input.Size), n, Input.Height, Input.Width, c, -Padding, _tilesH, _tilesW, pv, tiles);
                wg.GradientTiles(dyChunk, n, OutHeight, OutWidth, f, _tilesH, _tilesW, pm, tiles);
                bool accumulate = !first || s0 > 0;
                for (int xi = 0; xi < Winograd.Points; xi++)
                {
                    // Z[ξ] (C, F) (+)= V[ξ]ᵀ (C, tiles) · Ŷ[ξ] (tiles, F).
                    Gemm.Multiply(
                        _tiles.AsSpan(xi * tiles * c, tiles * c), c, true,
                        _products.AsSpan(xi * tiles * f, tiles * f), f, false,
                        _z.AsSpan(xi * c * f, c * f), f, c, f, tiles, accumulate, Threads);
                }

                if (dx.IsEmpty)
                {
                    continue;
                }

                int dxTiles = n * _dxTilesH * _dxTilesW;
                wg.InputTiles(dyChunk, n, OutHeight, OutWidth, f, Padding - (Kernel - 1), _dxTilesH, _dxTilesW, pv, dxTiles);
                MultiplyTiles(_tiles, dxTiles, f, _uFlipped, c, transposedFilters: true, _products);
                wg.OutputTiles(pm, dxTiles, c, n, _dxTilesH, _dxTilesW, pdx + ((long)s0 * Input.Size), Input.Height, Input.Width);
            }
        }
    }

    /// <summary>
    /// products[ξ] (tiles, outC) = tiles[ξ] (tiles, inC) · U[ξ], U[ξ] stored (inC, outC), or (outC, inC) and
    /// read transposed when <paramref name="transposedFilters"/>.
    /// </summary>
    private void MultiplyTiles(float[] tileMatrices, int tiles, int inC, float[] filters, int outC, bool transposedFilters, float[] products)
    {
        for (int xi = 0; xi < Winograd.Points; xi++)
        {
            Gemm.Multiply(
                tileMatrices.AsSpan(xi * tiles * inC, tiles * inC), inC, false,
                filters.AsSpan(xi * inC * outC, inC * outC), transposedFilters ? inC : outC, transposedFilters,
                products.AsSpan(xi * tiles * outC, tiles * outC), outC, tiles, outC, inC, accumulate: false, Threads);
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
}
