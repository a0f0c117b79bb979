using System.Runtime.CompilerServices;
namespace HyperSearch.Engine.Layers;

/// <summary>
/// Maxout (Goodfellow et al. 2013): unit j of the output is the max over its k pieces, which sit
/// next to each other in the input row (columns j·k … j·k + k − 1), so the linear layer before it
/// simply has k times the width.
/// </summary>
internal sealed class MaxoutLayer(int units, int pieces)
{
    private int[] _argMax = [];

    public int Units { get; } = units;

    public int Pieces { get; } = pieces;

    /// <summary>y (B, units) = max over pieces of x (B, units·pieces); remembers the winners.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch)
    {
        int n = batch * Units;
        if (_argMax.Length < n)
        {
            _argMax = new int[n];
        }

        for (int i = 0; i < n; i++)
        {
            int start = i * Pieces;
            int best = start;
            float max = x[start];
            for (int p = 1; p < Pieces; p++)
            {
                if (x[start + p] > max)
                {
                    max = x[start + p];
                    best = start + p;
                }
            }

            y[i] = max;
            _argMax[i] = best;
        }
    }

    /// <summary>dx (B, units·pieces) = dy routed to each unit's winning piece, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, int batch)
    {
        int n = batch * Units;
        dx[..(n * Pieces)].Clear();
        for (int i = 0; i < n; i++)
        {
            dx[_argMax[i]] = dy[i];
        }
    }
}
