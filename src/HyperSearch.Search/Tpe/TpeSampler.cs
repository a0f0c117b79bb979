using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// The Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), with the component choices Watanabe (2023, "Tree-Structured Parzen
/// Estimator: Understanding Its Algorithm Components …") and Optuna's TPESampler make: split the finished
/// trials into the best γ(n) and the rest, fit a Parzen estimator l(x) on the good and g(x) on the bad
/// (each with a prior kernel, older trials down-weighted), and propose the draw from l with the largest
/// l(x)/g(x). One trial per call, as trials finish. Pure: the same (seed, space, history in the same
/// order, pending, proposal index) always gives the same trial.
/// </summary>
public sealed class TpeSampler
{
    private readonly long _seed;
    private readonly TpeOptions _options;

    public TpeSampler(long seed, TpeOptions? options = null)
    {
        _options = options ?? TpeOptions.Default;
        _options.Validate();
        _seed = seed;
    }

    public long Seed => _seed;

    public TpeOptions Options => _options;

    /// <summary>
    /// One new trial for <paramref name="space"/>. <paramref name="history"/> is every finished trial in
    /// the order their results arrived; <paramref name="pending"/> are trials proposed but not finished
    /// (queued or running, possibly in other processes). Each pending trial counts as a bad observation at
    /// its point (the constant liar, Ginsbourger et al. 2010), so workers proposing while others train do
    /// not pile onto one point. <paramref name="proposalIndex"/> (the trial's index in its stage) seeds the
    /// draw. With fewer than <see cref="TpeOptions.StartupTrials"/> finished trials the trial is
    /// <see cref="RandomSampler"/>'s trial <paramref name="proposalIndex"/> for the same seed.
    /// </summary>
    public Hyperparameters Propose(SearchSpace space, IReadOnlyList<TpeObservation> history, IReadOnlyList<Hyperparameters> pending, int proposalIndex)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentOutOfRangeException.ThrowIfNegative(proposalIndex);
        if (history.Count < _options.StartupTrials)
        {
            return new RandomSampler(_seed).Sample(space, proposalIndex + 1)[proposalIndex];
        }

        var (below, above) = Split(history, pending);
        var rng = new Rng(unchecked((long)SplitMix64.Mix((ulong)_seed, (ulong)proposalIndex)), RngStreams.ParzenSampler);
        var dimensions = space.Names.Select(n => TpeDimension.Create(n, space.Parameters[n])).ToArray();
        var values = new object?[dimensions.Length];

        if (_options.Multivariate)
        {
            ProposeJointly(dimensions, below, above, rng, values);
        }

        for (var d = 0; d < dimensions.Length; d++)
        {
            values[d] ??= dimensions[d].Propose(Encode(dimensions[d], below), Encode(dimensions[d], above), _options, rng);
        }

        return space.Build(values!);
    }

    /// <summary>
    /// Optuna's default weights for n observations, oldest first: 1 each while n &lt; 25, else the newest 25
    /// weigh 1 and the older ones ramp linearly from 1/n up to 1 (Watanabe 2023, §3: old trials were
    /// proposed by a cruder model).
    /// </summary>
    internal static double[] Weights(int n)
    {
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        var ramp = n - 25;
        for (var i = 0; i < ramp; i++)
        {
            weights[i] = ramp == 1 ? 1.0 / n : (1.0 / n) + (i * (1 - (1.0 / n)) / (ramp - 1));
        }

        return weights;
    }

    /// <summary>The good trials (best γ(n), never a failed one) and the bad ones plus every pending trial, each oldest first.</summary>
    private (List<Hyperparameters> Below, List<Hyperparameters> Above) Split(IReadOnlyList<TpeObservation> history, IReadOnlyList<Hyperparameters> pending)
    {
        var ranked = TpeRanking.Rank(history, out var rankable);
        var good = Math.Min(_options.Gamma(history.Count), rankable);
        var isGood = new bool[history.Count];
        for (var r = 0; r < good; r++)
        {
            isGood[ranked[r]] = true;
        }

        var below = new List<Hyperparameters>(good);
        var above = new List<Hyperparameters>(history.Count - good + pending.Count);
        for (var i = 0; i < history.Count; i++)
        {
            (isGood[i] ? below : above).Add(history[i].Parameters);
        }

        above.AddRange(pending);
        return (below, above);
    }

    private static Observations Encode(TpeDimension dimension, List<Hyperparameters> trials)
    {
        if (dimension.IsFixed)
        {
            return new([], []);
        }

        var points = new List<double>(trials.Count);
        foreach (var trial in trials)
        {
            // A value outside this space (an earlier, wider stage) or of an inactive parameter says nothing here.
            if (TpeActivity.IsActive(trial, dimension.Name) && dimension.Encode(trial) is var x && !double.IsNaN(x))
            {
                points.Add(x);
            }
        }

        return new(points.ToArray(), Weights(points.Count));
    }

    /// <summary>
    /// The multivariate option: one joint kernel over the numeric dimensions that every good, bad and
    /// pending trial has (active and inside the range); lists and conditional dimensions stay univariate.
    /// </summary>
    private void ProposeJointly(TpeDimension[] dimensions, List<Hyperparameters> below, List<Hyperparameters> above, Rng rng, object?[] values)
    {
        var group = new List<int>();
        for (var d = 0; d < dimensions.Length; d++)
        {
            if (dimensions[d] is NumericDimension && below.Concat(above).All(t => TpeActivity.IsActive(t, dimensions[d].Name) && !double.IsNaN(dimensions[d].Encode(t))))
            {
                group.Add(d);
            }
        }

        if (group.Count < 2)
        {
            return;
        }

        var dims = group.Count;
        var l = ParzenMixture.FitJoint(Points(below), dims, Weights(below.Count), _options.PriorWeight);
        var g = ParzenMixture.FitJoint(Points(above), dims, Weights(above.Count), _options.PriorWeight);
        var x = new double[dims];
        var low = new double[dims];
        var high = new double[dims];
        var best = new double[dims];
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < _options.Candidates; c++)
        {
            l.Sample(rng, x);
            for (var j = 0; j < dims; j++)
            {
                (low[j], high[j]) = ((NumericDimension)dimensions[group[j]]).Cell(x[j]);
            }

            var score = l.LogDensity(x, low, high) - g.LogDensity(x, low, high);
            if (c == 0 || score > bestScore)
            {
                x.CopyTo(best, 0);
                bestScore = score;
            }
        }

        for (var j = 0; j < dims; j++)
        {
            values[group[j]] = dimensions[group[j]].Decode(best[j]);
        }

        double[] Points(List<Hyperparameters> trials)
        {
            var points = new double[trials.Count * dims];
            for (var i = 0; i < trials.Count; i++)
            {
                for (var j = 0; j < dims; j++)
                {
                    var dimension = dimensions[group[j]];
                    points[(i * dims) + j] = dimension.Encode(trials[i]);
                }
            }

            return points;
        }
    }
}
