using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// A float or int range, fitted in <see cref="Distribution.FromUnit"/>'s unit space: uniform there is
/// log-uniform for log scales, so kernels are Gaussian in log(value). An int keeps its discreteness:
/// its probability under a kernel is the mass of its cell [k − ½, k + ½] on the widened axis the random
/// sampler also uses, and a continuous draw is rounded into that cell.
/// </summary>
internal sealed class NumericDimension(string name, Distribution distribution) : TpeDimension(name, distribution)
{
    private readonly IntDistribution? _int = distribution as IntDistribution;

    public bool IsDiscrete => _int is not null;

    public override object Decode(double x) => Distribution.FromUnit(Math.Clamp(x, 0, 1));

    /// <summary>The cell of the int <paramref name="x"/> decodes to, or NaN (a float is a point).</summary>
    public (double Low, double High) Cell(double x)
    {
        if (_int is null)
        {
            return (double.NaN, double.NaN);
        }

        var k = (int)Decode(x);
        return (_int.UnitOf(k - 0.5), _int.UnitOf(k + 0.5));
    }

    public override object Propose(Observations below, Observations above, TpeOptions options, Rng rng)
    {
        var l = ParzenMixture.FitUnivariate(below.Points, below.Weights, options.PriorWeight);
        var g = ParzenMixture.FitUnivariate(above.Points, above.Weights, options.PriorWeight);
        Span<double> x = stackalloc double[1];
        Span<double> low = stackalloc double[1];
        Span<double> high = stackalloc double[1];
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < options.Candidates; c++)
        {
            l.Sample(rng, x);
            (low[0], high[0]) = Cell(x[0]);
            var score = l.LogDensity(x, low, high) - g.LogDensity(x, low, high);

            // Strictly greater: the first of equal candidates (an int's cell drawn twice) wins.
            if (double.IsNaN(best) || score > bestScore)
            {
                best = x[0];
                bestScore = score;
            }
        }

        return Decode(best);
    }

    public override double[] GridProbabilities(Observations observations, double priorWeight, int gridPoints)
    {
        var mixture = ParzenMixture.FitUnivariate(observations.Points, observations.Weights, priorWeight);
        Span<double> x = stackalloc double[1];
        Span<double> low = stackalloc double[1];
        Span<double> high = stackalloc double[1];
        var cells = _int is not null && _int.Cardinality <= gridPoints ? (int)_int.Cardinality.Value : gridPoints;
        var logs = new double[cells];
        for (var j = 0; j < cells; j++)
        {
            if (_int is not null && cells == _int.Cardinality)
            {
                // Every int its own cell.
                (low[0], high[0]) = (_int.UnitOf(_int.Min + j - 0.5), _int.UnitOf(_int.Min + j + 0.5));
                x[0] = 0.5 * (low[0] + high[0]);
            }
            else
            {
                x[0] = (j + 0.5) / cells;
                (low[0], high[0]) = (double.NaN, double.NaN);
            }

            logs[j] = mixture.LogDensity(x, low, high);
        }

        return Normalise(logs);
    }

    internal static double[] Normalise(double[] logs)
    {
        var total = TpeMath.LogSumExp(logs);
        return logs.Select(v => Math.Exp(v - total)).ToArray();
    }
}
