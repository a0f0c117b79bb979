namespace HyperSearch.Search;

/// <summary>Grid points chosen per dimension for a trial budget, and the grid's resulting size.</summary>
public sealed record GridAllocation(IReadOnlyDictionary<string, int> PointsPerParameter, long Size)
{
    public GridSampler CreateSampler(int maxGridSize = 10_000) =>
        new(gridPoints: 1, PointsPerParameter, maxGridSize);
}
