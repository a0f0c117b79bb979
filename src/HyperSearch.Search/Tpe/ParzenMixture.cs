using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// A Parzen estimator over D numeric dimensions of the unit cube: one product kernel of truncated
/// Gaussians per observation plus the prior kernel (mean ½, σ = 1 in every dimension), mixed with the
/// observations' weights and <see cref="TpeOptions.PriorWeight"/>. D = 1 is the univariate estimator.
/// A discrete dimension's density is the kernel's mass on the value's cell (an int's [k − ½, k + ½]).
/// </summary>
internal sealed class ParzenMixture
{
    // Component-major: component k, dimension d at [k * _dims + d].
    private readonly double[] _mu;
    private readonly double[] _sigma;
    private readonly double[] _invSigma;

    // log w_k − Σ_d log Z_kd (the truncation to [0, 1]), and the continuous dimensions' − log σ − log √2π.
    private readonly double[] _logWeight;
    private readonly double[] _logNormal;
    private readonly double[] _weight;
    private readonly double[] _scratch;
    private readonly int _dims;

    private ParzenMixture(int components, int dims)
    {
        _dims = dims;
        _mu = new double[components * dims];
        _sigma = new double[components * dims];
        _invSigma = new double[components * dims];
        _logNormal = new double[components * dims];
        _logWeight = new double[components];
        _weight = new double[components];
        _scratch = new double[components];
    }

    public int Components => _weight.Length;

    /// <summary>
    /// One dimension, Optuna's univariate bandwidth (after Bergstra et al. 2011): each kernel's σ is the
    /// distance to its farther neighbour among the sorted means (the prior's mean included, the interval's
    /// ends as neighbours except for the outermost means), the prior's σ is 1, and every σ is clipped to
    /// [1 / min(100, kernels + 1), 1] (the "magic clip", so a tight cluster cannot collapse to a spike).
    /// </summary>
    public static ParzenMixture FitUnivariate(ReadOnlySpan<double> points, ReadOnlySpan<double> weights, double priorWeight)
    {
        var n = points.Length;
        var mixture = new ParzenMixture(n + 1, 1);
        var means = new double[n + 1];
        points.CopyTo(means);
        means[n] = 0.5;

        // Sorted with the index as tie-break, so equal means get a deterministic order.
        var order = Enumerable.Range(0, n + 1).ToArray();
        Array.Sort(order, (i, j) => means[i] != means[j] ? means[i].CompareTo(means[j]) : i.CompareTo(j));
        var sorted = new double[n + 3];
        sorted[0] = 0;
        for (var i = 0; i <= n; i++)
        {
            sorted[i + 1] = means[order[i]];
        }

        sorted[n + 2] = 1;
        var sigmas = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            var left = sorted[i + 1] - sorted[i];
            var right = sorted[i + 2] - sorted[i + 1];
            sigmas[order[i]] = Math.Max(left, right);
        }

        if (n >= 1)
        {
            // consider_endpoints = false: the outermost kernels look only inwards.
            sigmas[order[0]] = sorted[2] - sorted[1];
            sigmas[order[n]] = sorted[n + 1] - sorted[n];
        }

        sigmas[n] = 1;
        var minSigma = 1.0 / Math.Min(100, n + 2);
        for (var k = 0; k <= n; k++)
        {
            mixture.Set(k, 0, means[k], Math.Clamp(sigmas[k], minSigma, 1));
        }

        mixture.SetWeights(weights, priorWeight);
        return mixture;
    }

    /// <summary>
    /// D dimensions jointly (Falkner et al. 2018, BOHB; Optuna's multivariate TPE): every observation's
    /// kernel has σ = 0.2 · n^(−1/(D + 4)) per dimension (a Scott-type rule), clipped as above; the prior's is 1.
    /// <paramref name="points"/> is observation-major (n × D).
    /// </summary>
    public static ParzenMixture FitJoint(ReadOnlySpan<double> points, int dims, ReadOnlySpan<double> weights, double priorWeight)
    {
        var n = points.Length / dims;
        var mixture = new ParzenMixture(n + 1, dims);
        var sigma = Math.Clamp(0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (dims + 4)), 1.0 / Math.Min(100, n + 2), 1);
        for (var k = 0; k < n; k++)
        {
            for (var d = 0; d < dims; d++)
            {
                mixture.Set(k, d, points[(k * dims) + d], sigma);
            }
        }

        for (var d = 0; d < dims; d++)
        {
            mixture.Set(n, d, 0.5, 1);
        }

        mixture.SetWeights(weights, priorWeight);
        return mixture;
    }

    /// <summary>A draw from the mixture into <paramref name="x"/> (a kernel by weight, then each dimension).</summary>
    public void Sample(Rng rng, Span<double> x)
    {
        var k = TpeMath.Pick(rng, _weight, 1.0);
        for (var d = 0; d < _dims; d++)
        {
            x[d] = TpeMath.TruncatedNormal(rng, _mu[(k * _dims) + d], _sigma[(k * _dims) + d]);
        }
    }

    /// <summary>
    /// log density at <paramref name="x"/>; for a dimension d with a finite <paramref name="cellLow"/>[d]
    /// the log probability of the cell [cellLow[d], cellHigh[d]] instead (a discrete value).
    /// </summary>
    public double LogDensity(ReadOnlySpan<double> x, ReadOnlySpan<double> cellLow, ReadOnlySpan<double> cellHigh)
    {
        var terms = _scratch.AsSpan();
        for (var k = 0; k < terms.Length; k++)
        {
            var sum = _logWeight[k];
            for (var d = 0; d < _dims; d++)
            {
                var i = (k * _dims) + d;
                if (double.IsNaN(cellLow[d]))
                {
                    var z = (x[d] - _mu[i]) * _invSigma[i];
                    sum += _logNormal[i] - (0.5 * z * z);
                }
                else
                {
                    sum += TpeMath.LogMass((cellLow[d] - _mu[i]) * _invSigma[i], (cellHigh[d] - _mu[i]) * _invSigma[i]);
                }
            }

            terms[k] = sum;
        }

        return TpeMath.LogSumExp(terms);
    }

    /// <summary>log density (or cell mass) of kernel <paramref name="k"/> alone, unweighted (one dimension).</summary>
    public double LogKernel(int k, double x, double cellLow, double cellHigh)
    {
        var logZ = TpeMath.LogMass(-_mu[k] / _sigma[k], (1 - _mu[k]) / _sigma[k]);
        if (double.IsNaN(cellLow))
        {
            var z = (x - _mu[k]) * _invSigma[k];
            return _logNormal[k] - (0.5 * z * z) - logZ;
        }

        return TpeMath.LogMass((cellLow - _mu[k]) * _invSigma[k], (cellHigh - _mu[k]) * _invSigma[k]) - logZ;
    }

    private void Set(int k, int d, double mu, double sigma)
    {
        var i = (k * _dims) + d;
        _mu[i] = mu;
        _sigma[i] = sigma;
        _invSigma[i] = 1 / sigma;
        var logZ = TpeMath.LogMass(-mu / sigma, (1 - mu) / sigma);
        _logNormal[i] = -Math.Log(sigma) - TpeMath.LogSqrtTwoPi;

        // The truncation normaliser goes into the component's weight: it is the same for a point and a cell.
        _logWeight[k] -= logZ;
    }

    private void SetWeights(ReadOnlySpan<double> weights, double priorWeight)
    {
        var n = weights.Length;
        var total = priorWeight;
        foreach (var w in weights)
        {
            total += w;
        }

        for (var k = 0; k <= n; k++)
        {
            _weight[k] = (k < n ? weights[k] : priorWeight) / total;
            _logWeight[k] += Math.Log(_weight[k]);
        }
    }
}
