namespace HyperSearch.Search.Tests.Scheduling;

/// <summary>
/// The ASHA rules restated as plainly as possible, to check the library against: rungs by scanning every epoch.
/// </summary>
internal static class AshaReference
{
    /// <summary>Every e in [min, max] that is min·η^k, then max: found by testing each epoch, not by multiplying.</summary>
    public static List<int> Milestones(int min, int max, int reduction)
    {
        var milestones = new List<int>();
        for (var e = min; e <= max; e++)
        {
            if (e % min != 0)
            {
                continue;
            }

            var q = e / min;
            while (q % reduction == 0)
            {
                q /= reduction;
            }

            if (q == 1)
            {
                milestones.Add(e);
            }
        }

        if (!milestones.Contains(max))
        {
            milestones.Add(max);
        }

        return milestones;
    }
}
