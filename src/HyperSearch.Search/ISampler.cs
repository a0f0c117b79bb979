namespace HyperSearch.Search;

/// <summary>
/// Proposes the trials of one stage (after Optuna's samplers). A sampler is a pure function of its
/// construction arguments (seed, grid points) and the space: the same call always returns the same
/// plan, and a shorter plan is a prefix of a longer one, so a stored plan can be re-derived.
/// </summary>
public interface ISampler
{
    /// <summary>The strategy name used in the spec and stored with the search ("random", "grid", "sobol").</summary>
    string Name { get; }

    /// <summary>How many distinct points the sampler can propose for <paramref name="space"/>, or null if unbounded.</summary>
    long? Size(SearchSpace space);

    /// <summary>
    /// The first <paramref name="count"/> trials of the plan; fewer (exactly <see cref="Size"/>) when
    /// the sampler is exhausted sooner. Throws <see cref="SearchSpaceException"/> if the space cannot be
    /// sampled (e.g. a grid over the size limit).
    /// </summary>
    IReadOnlyList<Hyperparameters> Sample(SearchSpace space, int count);
}
