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

    public override double Encode(Hyperparameters trial) => Distribution is PerChoiceDistribution perChoice
        ? perChoice.ToUnit(trial.Get(Name), trial.Get(perChoice.Parent)!)
        : base.Encode(trial);

    // A per-choice range decodes to a unit draw the space resolves under the parent's value.
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

    public override double[][] GridKernels(double[] points, int gridPoints)
    {
        // One bandwidth for every kernel (the joint rule with D = 1, 0.2 · n^(−1/5)): per-kernel neighbour
        // distances would make equal points' kernels differ and add noise a divergence reads as signal.
        // The prior kernel is fitted but not used.
        var mixture = ParzenMixture.FitJoint(points, 1, TpeSampler.Weights(points.Length), 1.0);
        var discrete = _int is not null && _int.Cardinality <= gridPoints;
        var cells = discrete ? (int)_int!.Cardinality!.Value : gridPoints;
        var rows = new double[points.Length][];
        var logs = new double[cells];
        for (var k = 0; k < points.Length; k++)
        {
            for (var j = 0; j < cells; j++)
            {
                // Every int its own cell, or the density at the centre of an equal cell.
                logs[j] = discrete
                    ? mixture.LogKernel(k, double.NaN, _int!.UnitOf(_int.Min + j - 0.5), _int.UnitOf(_int.Min + j + 0.5))
                    : mixture.LogKernel(k, (j + 0.5) / cells, double.NaN, double.NaN);
            }

            rows[k] = Normalise(logs);
        }

        return rows;
    }

    internal static double[] Normalise(double[] logs)
    {
        var total = TpeMath.LogSumExp(logs);
        return logs.Select(v => Math.Exp(v - total)).ToArray();
    }
}
