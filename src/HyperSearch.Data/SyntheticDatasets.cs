using HyperSearch.Core;

namespace HyperSearch.Data;

/// <summary>Seeded synthetic classification sets; the same options always give the same rows.</summary>
public static class SyntheticDatasets
{
    /// <summary>
    /// The spiral of the CS231n case study (https://cs231n.github.io/neural-networks-case-study/):
    /// for arm k, r = linspace(0, 1, N) and θ = linspace(4k, 4(k+1), N) + N(0, σ²), the point is
    /// (r·sin θ, r·cos θ). Not linearly separable, so it shows what the hidden layer buys. Rows are
    /// grouped by class, as in the case study.
    /// </summary>
    public static RawDataset Spiral(SpiralOptions? options = null)
    {
        options ??= new SpiralOptions();
        var (k, n) = (options.Classes, options.PointsPerClass);
        Check(k, n, options.Noise, nameof(SpiralOptions.Noise));
        var random = new Rng(unchecked((long)options.Seed), RngStreams.Synthetic);
        var features = new float[k * n * 2];
        var labels = new int[k * n];
        for (var c = 0; c < k; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var t = n == 1 ? 0.0 : (double)i / (n - 1);
                var radius = t;
                var theta = (4.0 * c) + (4.0 * t) + (random.NextGaussian() * options.Noise);
                var row = (c * n) + i;
                features[2 * row] = (float)(radius * Math.Sin(theta));
                features[(2 * row) + 1] = (float)(radius * Math.Cos(theta));
                labels[row] = c;
            }
        }

        return new RawDataset(DatasetKind.Synthetic, RawSplit.FromValues(features, labels, 2), test: null, k, ClassNames(k), featureNames: ["x", "y"]);
    }

    /// <summary>
    /// K isotropic Gaussian blobs in D dimensions: centres uniform in the box, points centre +
    /// Spread·N(0, I). An easy, linearly separable baseline. Rows are grouped by class.
    /// </summary>
    public static RawDataset Blobs(BlobsOptions? options = null)
    {
        options ??= new BlobsOptions();
        var (k, n, d) = (options.Classes, options.PointsPerClass, options.Dimensions);
        Check(k, n, options.Spread, nameof(BlobsOptions.Spread));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d);
        var random = new Rng(unchecked((long)options.Seed), RngStreams.Synthetic);
        var centres = new double[k * d];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = ((2.0 * random.NextDouble()) - 1.0) * options.CenterBox;
        }

        var features = new float[k * n * d];
        var labels = new int[k * n];
        for (var c = 0; c < k; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var row = (c * n) + i;
                for (var j = 0; j < d; j++)
                {
                    features[(row * d) + j] = (float)(centres[(c * d) + j] + (random.NextGaussian() * options.Spread));
                }

                labels[row] = c;
            }
        }

        return new RawDataset(DatasetKind.Synthetic, RawSplit.FromValues(features, labels, d), test: null, k, ClassNames(k));
    }

    private static void Check(int classes, int pointsPerClass, double noise, string noiseName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2, nameof(classes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointsPerClass);
        if (!(noise >= 0) || double.IsInfinity(noise))
        {
            throw new ArgumentOutOfRangeException(noiseName, noise, "must be a finite number >= 0.");
        }

        if ((long)classes * pointsPerClass > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(pointsPerClass), "More than 10,000,000 synthetic rows.");
        }
    }

    private static string[] ClassNames(int k) => [.. Enumerable.Range(0, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
