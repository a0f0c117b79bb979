using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// The numerics of the Parzen estimators: truncated-normal masses in log space (far-away kernels of a
/// 1,000-trial mixture underflow as plain probabilities), log-sum-exp, truncated-normal draws.
/// </summary>
internal static class TpeMath
{
    public static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    private static readonly double Sqrt1Over2 = Math.Sqrt(0.5);

    // Gauss–Legendre, 5 nodes: exact for polynomials of degree 9, so a narrow interval's mass
    // (an int's cell under a wide kernel) is not the difference of two nearly equal CDFs.
    private static readonly double[] Nodes = [0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640];
    private static readonly double[] NodeWeights = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891];

    /// <summary>
    /// log erfc(x) for x ≥ 0: the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2,
    /// "erfcc"), written as t·exp(…) so its log is exact arithmetic; fractional error &lt; 1.2e-7 for every x.
    /// </summary>
    public static double LogErfc(double x)
    {
        var t = 1 / (1 + (0.5 * x));
        var poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        return Math.Log(t) - (x * x) + poly;
    }

    /// <summary>log P(Z &gt; z) of a standard normal, for z ≥ 0.</summary>
    public static double LogUpperTail(double z) => Math.Log(0.5) + LogErfc(z * Sqrt1Over2);

    /// <summary>log P(a ≤ Z ≤ b) of a standard normal (a &lt; b; either may be infinite).</summary>
    public static double LogMass(double a, double b)
    {
        if (b - a < 0.5)
        {
            // Relative to the density at the centre, so a cell 40σ from the kernel keeps its digits.
            var centre = 0.5 * (a + b);
            var half = 0.5 * (b - a);
            var sum = 0.0;
            for (var i = 0; i < Nodes.Length; i++)
            {
                var z = centre + (half * Nodes[i]);
                sum += NodeWeights[i] * Math.Exp(-0.5 * (z - centre) * (z + centre));
            }

            return (-0.5 * centre * centre) - LogSqrtTwoPi + Math.Log(half * sum);
        }

        if (a >= 0)
        {
            return TailDifference(a, b);
        }

        if (b <= 0)
        {
            return TailDifference(-b, -a);
        }

        // Straddling 0 with width ≥ ½: the mass is at least 0.19, so 1 − tails loses nothing.
        var lower = double.IsNegativeInfinity(a) ? 0 : Math.Exp(LogUpperTail(-a));
        var upper = double.IsPositiveInfinity(b) ? 0 : Math.Exp(LogUpperTail(b));
        return Math.Log(Math.Max(1 - lower - upper, double.Epsilon));
    }

    /// <summary>log Σ exp(terms) without overflow; −∞ for no terms.</summary>
    public static double LogSumExp(ReadOnlySpan<double> terms)
    {
        var max = double.NegativeInfinity;
        foreach (var t in terms)
        {
            max = Math.Max(max, t);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var t in terms)
        {
            sum += Math.Exp(t - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// A draw of N(mu, sigma²) truncated to [0, 1], by rejection: every kernel's mean lies in [0, 1] and
    /// σ ≤ 1, so at least about a third of the draws land inside and the loop ends after ~3 tries.
    /// </summary>
    public static double TruncatedNormal(Rng rng, double mu, double sigma)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var x = mu + (sigma * rng.NextGaussian());
            if (x >= 0 && x <= 1)
            {
                return x;
            }
        }

        // Unreachable for a mean in [0, 1]; kept so a malformed kernel cannot loop forever.
        return Math.Clamp(mu, 0, 1);
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/> (cumulative search).</summary>
    public static int Pick(Rng rng, ReadOnlySpan<double> weights, double total)
    {
        var u = rng.NextDouble() * total;
        var acc = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double TailDifference(double a, double b)
    {
        // P(a ≤ Z ≤ b) = Q(a) − Q(b) for 0 ≤ a < b, as log Q(a) + log(1 − Q(b)/Q(a)).
        var logA = LogUpperTail(a);
        if (double.IsPositiveInfinity(b))
        {
            return logA;
        }

        var logB = LogUpperTail(b);
        return logA + Math.Log(Math.Max(-double.ExpM1(logB - logA), double.Epsilon));
    }
}
