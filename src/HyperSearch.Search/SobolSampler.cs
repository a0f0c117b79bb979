using HyperSearch.Core;

namespace HyperSearch.Search;

/// <summary>
/// Quasi-random points from the Sobol' sequence (Sobol' 1967; Joe–Kuo direction numbers), in
/// Gray-code order: like random search every trial tries new values of every range, but the points
/// fill the space more evenly (every prefix of 2^m points puts one point in each 1/2^m slice of each
/// dimension). With <c>scramble</c> the seed picks a random digital shift per dimension (XOR), which
/// keeps those properties and makes different seeds give different plans; unscrambled, the first
/// point is every range's minimum.
/// </summary>
public sealed class SobolSampler(long seed, bool scramble = true) : ISampler
{
    public string Name => Samplers.Sobol;

    public long Seed => seed;

    public bool Scramble => scramble;

    /// <summary>Parameters a space may hold for this sampler (one Sobol' dimension each).</summary>
    public static int MaxDimensions => SobolDirections.MaxDimensions;

    public long? Size(SearchSpace space) => null;

    public IReadOnlyList<Hyperparameters> Sample(SearchSpace space, int count)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var dimensions = space.Names.Count;
        if (dimensions > MaxDimensions)
        {
            throw new SearchSpaceException("space", $"The Sobol sampler supports at most {MaxDimensions} parameters (got {dimensions}).");
        }

        var units = Points(dimensions, count);
        var trials = new Hyperparameters[count];
        var values = new object[dimensions];
        for (var t = 0; t < count; t++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                values[d] = space.Parameters[space.Names[d]].FromUnit(units[t][d]);
            }

            trials[t] = space.Build(values);
        }

        return trials;
    }

    /// <summary>The first <paramref name="count"/> points in [0, 1)^dimensions.</summary>
    internal double[][] Points(int dimensions, int count)
    {
        var shifts = new uint[dimensions];
        if (scramble)
        {
            var generator = new Rng(seed, RngStreams.SobolShift);
            for (var d = 0; d < dimensions; d++)
            {
                shifts[d] = (uint)(generator.NextUInt64() >> 32);
            }
        }

        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var gray = (uint)i ^ ((uint)i >> 1);
            var point = new double[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                var x = shifts[d];
                var v = SobolDirections.Vectors[d];
                for (var bit = 0; gray >> bit != 0; bit++)
                {
                    if (((gray >> bit) & 1) != 0)
                    {
                        x ^= v[bit];
                    }
                }

                point[d] = x * (1.0 / 4294967296.0);
            }

            points[i] = point;
        }

        return points;
    }
}
