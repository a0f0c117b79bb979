using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// One dimension of a space as the TPE sampler and the importance measure see it: how a value is
/// encoded (unit position, or a list value's index), how an estimator is fitted on it, how a value is
/// proposed. One subclass per distribution kind, so a new kind is one more case in <see cref="Create"/>.
/// </summary>
internal abstract class TpeDimension(string name, Distribution distribution)
{
    public string Name => name;

    public Distribution Distribution => distribution;

    /// <summary>A dimension with a single value: nothing to learn, nothing drawn.</summary>
    public virtual bool IsFixed => false;

    public static TpeDimension Create(string name, Distribution distribution) => distribution switch
    {
        { Cardinality: 1 } => new FixedDimension(name, distribution),
        FloatDistribution f when f.Min == f.Max => new FixedDimension(name, distribution),
        FloatDistribution or IntDistribution or PerChoiceDistribution => new NumericDimension(name, distribution),
        CategoricalDistribution c => new CategoricalDimension(name, c),
        _ => throw new NotSupportedException($"TPE has no estimator for {distribution.GetType().Name}."),
    };

    /// <summary>The coordinate an estimator is fitted on, or NaN when the value is not in this dimension.</summary>
    public virtual double Encode(object? value) => distribution.ToUnit(value);

    /// <summary>The coordinate of a trial's value (a per-choice range reads its parent's value too).</summary>
    public virtual double Encode(Hyperparameters trial) => Encode(trial.Get(name));

    public abstract object Decode(double x);

    /// <summary>
    /// The value maximising l(x)/g(x) among <see cref="TpeOptions.Candidates"/> draws from l, where l is
    /// fitted on the good observations (<paramref name="below"/>) and g on the bad ones (<paramref name="above"/>).
    /// </summary>
    public abstract object Propose(Observations below, Observations above, TpeOptions options, Rng rng);

    /// <summary>
    /// Each observation's kernel as probabilities on a fixed grid of this dimension (every list value or
    /// int, or <paramref name="gridPoints"/> equal cells of a range), each row summing to 1, with no prior
    /// kernel and the bandwidths fitted on all <paramref name="points"/>: importance averages subsets of
    /// these rows, so a subset's estimate uses the same kernels as the whole set's.
    /// </summary>
    public abstract double[][] GridKernels(double[] points, int gridPoints);
}
