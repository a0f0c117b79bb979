using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Importance;

/// <summary>
/// Which parameters mattered: PED-ANOVA (Watanabe, Bansal and Hutter, "PED-ANOVA: Efficiently Quantifying
/// Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023). For each varied parameter, a Parzen
/// estimate of its values among the top-γ′ trials is compared with one over all trials by the Pearson
/// divergence ∫ p_all (p_top / p_all − 1)²: a parameter whose good values are spread like all values
/// did not matter. The paper derives it as fANOVA's local importance of the indicator "trial is in the
/// top γ′", in closed form: no surrogate model to fit, milliseconds for thousands of trials. Pure and deterministic.
/// </summary>
public static class ParameterImportance
{
    /// <summary>γ′: the share of trials that counts as "top" (the paper's and Optuna's default 0.1).</summary>
    public const double DefaultTopQuantile = 0.1;

    // Cells a continuous range is evaluated on (Optuna's PED-ANOVA uses 50 steps).
    private const int GridPoints = 50;

    /// <summary>The parameters of <paramref name="space"/> that vary (more than one value), in canonical order.</summary>
    public static IReadOnlyList<string> Varied(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Names.Where(n => !TpeDimension.Create(n, space.Parameters[n]).IsFixed).ToArray();
    }

    /// <summary>
    /// One share per varied (not fixed) parameter of <paramref name="space"/>, largest first (ties in
    /// canonical order), summing to 1; empty when nothing varies or no trial is usable. The top set is the
    /// best ⌈γ′ · n⌉ trials (at least 2) in TPE's order (complete by accuracy, then pruned, never failed);
    /// "all" is every trial, failed ones included (they are part of the space that was searched). A
    /// parameter is compared only over the trials where it was active and inside the space; if it was
    /// inactive in every top trial its divergence is 0. When every divergence is 0 the shares are equal.
    /// </summary>
    public static IReadOnlyList<ParameterShare> Compute(SearchSpace space, IReadOnlyList<TpeObservation> trials, double topQuantile = DefaultTopQuantile)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        if (!(topQuantile > 0 && topQuantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topQuantile), topQuantile, "The top quantile must be in (0, 1].");
        }

        var dimensions = space.Names.Select(n => TpeDimension.Create(n, space.Parameters[n])).Where(d => !d.IsFixed).ToArray();
        var ranked = TpeRanking.Rank(trials, out var rankable);
        var topCount = Math.Min(Math.Max((int)Math.Ceiling((topQuantile * trials.Count) - 1e-9), 2), rankable);
        if (dimensions.Length == 0 || topCount == 0)
        {
            return [];
        }

        var isTop = new bool[trials.Count];
        foreach (var i in ranked.Take(topCount))
        {
            isTop[i] = true;
        }

        var divergences = new double[dimensions.Length];
        for (var d = 0; d < dimensions.Length; d++)
        {
            divergences[d] = Divergence(dimensions[d], trials, isTop);
        }

        var total = divergences.Sum();
        return dimensions
            .Select((dim, d) => new ParameterShare(dim.Name, total > 0 ? divergences[d] / total : 1.0 / dimensions.Length, divergences[d]))
            .Select((share, d) => (share, d))
            .OrderByDescending(p => p.share.Share)
            .ThenBy(p => p.d)
            .Select(p => p.share)
            .ToArray();
    }

    /// <summary>
    /// Σ_j p_all(j) (p_top(j)/p_all(j) − 1)² = Σ_j p_top(j)²/p_all(j) − 1 on the dimension's grid, where
    /// p_all averages every active trial's kernel and p_top the top trials' (the same kernels: the top is a
    /// subset, so p_top ≤ p_all/γ′ and a few top trials cannot blow the ratio up).
    /// </summary>
    private static double Divergence(TpeDimension dimension, IReadOnlyList<TpeObservation> trials, bool[] isTop)
    {
        var points = new List<double>(trials.Count);
        var top = new List<int>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i].Parameters;
            if (TpeActivity.IsActive(trial, dimension.Name) && dimension.Encode(trial) is var x && !double.IsNaN(x))
            {
                if (isTop[i])
                {
                    top.Add(points.Count);
                }

                points.Add(x);
            }
        }

        if (top.Count == 0)
        {
            return 0;
        }

        var kernels = dimension.GridKernels(points.ToArray(), GridPoints);
        var cells = kernels[0].Length;
        var pAll = new double[cells];
        var pTop = new double[cells];
        for (var k = 0; k < kernels.Length; k++)
        {
            for (var j = 0; j < cells; j++)
            {
                pAll[j] += kernels[k][j] / kernels.Length;
            }
        }

        foreach (var k in top)
        {
            for (var j = 0; j < cells; j++)
            {
                pTop[j] += kernels[k][j] / top.Count;
            }
        }

        var divergence = -1.0;
        for (var j = 0; j < cells; j++)
        {
            if (pAll[j] > 0)
            {
                divergence += pTop[j] * pTop[j] / pAll[j];
            }
        }

        // Rounding leaves ±1e-16 where the top looks exactly like all: that is 0, not a share.
        return divergence > 1e-12 ? divergence : 0;
    }
}
