using HyperSearch.Core;

namespace HyperSearch.Search;

/// <summary>
/// Independent uniform draws per dimension: log-uniform on log scales, uniform over integers and
/// categorical values. Bergstra and Bengio (2012), "Random Search for Hyper-Parameter Optimization":
/// every trial tries a new value of every continuous parameter, so the few that matter get many.
/// </summary>
public sealed class RandomSampler(long seed) : ISampler
{
    public string Name => Samplers.Random;

    public long Seed => seed;

    public long? Size(SearchSpace space) => null;

    public IReadOnlyList<Hyperparameters> Sample(SearchSpace space, int count)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new Rng(seed, RngStreams.RandomSampler);
        var trials = new Hyperparameters[count];
        var values = new object[space.Names.Count];
        for (var t = 0; t < count; t++)
        {
            // Exactly one draw per dimension per trial, fixed ones included, keeps plans prefix-stable.
            for (var d = 0; d < values.Length; d++)
            {
                values[d] = space.Parameters[space.Names[d]].FromUnit(generator.NextDouble());
            }

            trials[t] = space.Build(values);
        }

        return trials;
    }
}
