using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// A list of values, encoded as the value's index. Each observation's kernel puts
/// (1 + w/C)/(1 + w) on its own value and (w/C)/(1 + w) on each other one (w = prior weight, C values:
/// Optuna's smoothed categorical kernel), and the prior kernel is uniform, so no value's probability is ever 0.
/// </summary>
internal sealed class CategoricalDimension(string name, CategoricalDistribution distribution) : TpeDimension(name, distribution)
{
    private readonly int _count = distribution.Choices.Count;

    public override double Encode(object? value)
    {
        var u = distribution.ToUnit(value);
        return double.IsNaN(u) ? u : Math.Min((int)(u * _count), _count - 1);
    }

    public override object Decode(double x) => distribution.Choices[(int)x];

    public override object Propose(Observations below, Observations above, TpeOptions options, Rng rng)
    {
        var l = Probabilities(below, options.PriorWeight);
        var g = Probabilities(above, options.PriorWeight);
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < options.Candidates; c++)
        {
            var index = TpeMath.Pick(rng, l, 1.0);
            var score = Math.Log(l[index]) - Math.Log(g[index]);
            if (best < 0 || score > bestScore)
            {
                best = index;
                bestScore = score;
            }
        }

        return Decode(best);
    }

    public override double[][] GridKernels(double[] points, int gridPoints) =>
        points.Select(x =>
        {
            var row = new double[_count];
            row[(int)x] = 1;
            return row;
        }).ToArray();

    private double[] Probabilities(Observations observations, double priorWeight)
    {
        var total = priorWeight;
        foreach (var w in observations.Weights)
        {
            total += w;
        }

        // Every kernel's share of (w/C)/(1 + w), plus the prior's uniform 1/C, is spread evenly …
        var probabilities = new double[_count];
        var observed = total - priorWeight;
        var even = ((observed * (priorWeight / _count) / (1 + priorWeight)) + (priorWeight / _count)) / total;
        Array.Fill(probabilities, even);

        // … and each kernel adds 1/(1 + w) of its weight on its own value.
        for (var i = 0; i < observations.Count; i++)
        {
            probabilities[(int)observations.Points[i]] += observations.Weights[i] / (1 + priorWeight) / total;
        }

        return probabilities;
    }
}
