using HyperSearch.Engine.Kernels;
using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// The Winograd transforms: the Toom–Cook matrices give the exact correlation (in double), F(4, 3) is
/// Lavin &amp; Gray's published one, and the conv layers take the Winograd path exactly where it applies
/// (the layer-level forward, gradient and bit-identity checks in <see cref="ConvolutionTests"/> include
/// Winograd shapes).
/// </summary>
public class WinogradTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void TheMatrices_GiveTheExactCorrelation(int r)
    {
        var wg = Winograd.For(r)!;
        int m = wg.Outputs, n = m + r - 1;
        Assert.Equal(Winograd.Alpha, n);
        var rng = new Random(r);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] d = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5)];
            double[] g = [.. Enumerable.Range(0, r).Select(_ => rng.NextDouble() - 0.5)];
            double[] product = new double[n];
            for (int j = 0; j < n; j++)
            {
                double gg = 0, dd = 0;
                for (int k = 0; k < r; k++)
                {
                    gg += wg.G[j, k] * g[k];
                }

                for (int q = 0; q < n; q++)
                {
                    dd += wg.BT[j, q] * d[q];
                }

                product[j] = gg * dd;
            }

            for (int i = 0; i < m; i++)
            {
                double y = 0, expected = 0;
                for (int j = 0; j < n; j++)
                {
                    y += wg.AT[i, j] * product[j];
                }

                for (int k = 0; k < r; k++)
                {
                    expected += g[k] * d[i + k];
                }

                Assert.Equal(expected, y, 1e-12);
            }
        }
    }

    [Fact]
    public void F4x3_IsLavinAndGraysInputTransform()
    {
        double[,] expected =
        {
            { 4, 0, -5, 0, 1, 0 },
            { 0, -4, -4, 1, 1, 0 },
            { 0, 4, -4, -1, 1, 0 },
            { 0, -2, -1, 2, 1, 0 },
            { 0, 2, -1, -2, 1, 0 },
            { 0, 4, 0, -5, 0, 1 },
        };
        Assert.Equal(expected, Winograd.F4x3.BT);
        Assert.Equal(Winograd.F4x3.BT, Winograd.F2x5.BT); // one point set, one input transform
        Assert.Equal(1.0 / 4, Winograd.F4x3.G[0, 0], 1e-15);
        Assert.Equal(-1.0 / 6, Winograd.F4x3.G[1, 1], 1e-15);
        Assert.Equal(1.0 / 12, Winograd.F4x3.G[3, 1], 1e-15);
    }

    // (C, H, W, F, k, stride, pad, planar) → Winograd?
    [Theory]
    [InlineData(32, 14, 14, 64, 5, 1, 2, false, true)]  // the reference CNN's second layer
    [InlineData(8, 7, 9, 5, 3, 1, 1, false, true)]
    [InlineData(1, 28, 28, 32, 5, 1, 2, true, false)]   // its first: one planar channel, im2col
    [InlineData(16, 8, 8, 8, 3, 2, 1, false, false)]    // stride 2
    [InlineData(16, 8, 8, 8, 7, 1, 3, false, false)]    // 7×7: no transform
    [InlineData(4, 8, 8, 8, 3, 1, 1, false, false)]     // too few channels for the GEMMs
    [InlineData(16, 8, 8, 8, 3, 1, 1, true, false)]     // channel-planar data
    public void TheWinogradPath_IsTakenWhereItApplies(int c, int h, int w, int f, int k, int stride, int pad, bool planar, bool expected)
    {
        var conv = new Conv2d(new ImageShape(c, h, w), f, k, stride, pad, planar, new float[k * k * c * f], new float[f], new float[k * k * c * f], new float[f]);
        Assert.Equal(expected, conv.UsesWinograd);
    }
}
