namespace HyperSearch.Search.Tpe;

/// <summary>Encoded coordinates of one dimension and their weights (oldest first), as an estimator is fitted on them.</summary>
internal readonly record struct Observations(double[] Points, double[] Weights)
{
    public int Count => Points.Length;
}
