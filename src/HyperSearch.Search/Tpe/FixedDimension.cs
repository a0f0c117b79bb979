using HyperSearch.Core;

namespace HyperSearch.Search.Tpe;

/// <summary>A one-value dimension (a fixed value, an int range of one, a float range with min = max).</summary>
internal sealed class FixedDimension(string name, Distribution distribution) : TpeDimension(name, distribution)
{
    public override bool IsFixed => true;

    public override object Decode(double x) => Distribution.FromUnit(0.5);

    public override object Propose(Observations below, Observations above, TpeOptions options, Rng rng) => Decode(0.5);

    public override double[][] GridKernels(double[] points, int gridPoints) => points.Select(_ => new[] { 1.0 }).ToArray();
}
