namespace HyperSearch.Search.Scheduling;

/// <summary>
/// The ranking within a rung: higher objective first, NaN (failed or diverged) after every number, and
/// ties by lower trial index first, so the order is total and does not depend on the input order.
/// </summary>
internal sealed class RungOrder : IComparer<RungResult>
{
    public static RungOrder Instance { get; } = new();

    public int Compare(RungResult x, RungResult y)
    {
        var xNaN = double.IsNaN(x.Objective);
        var yNaN = double.IsNaN(y.Objective);
        if (xNaN != yNaN)
        {
            return xNaN ? 1 : -1;
        }

        // == rather than CompareTo: equal accuracies (and -0.0 against 0.0) must fall through to the index.
        if (!xNaN && x.Objective != y.Objective)
        {
            return x.Objective > y.Objective ? -1 : 1;
        }

        return x.Trial.CompareTo(y.Trial);
    }
}
