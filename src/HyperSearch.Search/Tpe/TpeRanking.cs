namespace HyperSearch.Search.Tpe;

/// <summary>
/// Best-first order of finished trials, shared by the sampler's good/bad split and importance's top set:
/// complete trials by objective, then pruned ones by fidelity and objective (Optuna ranks pruned trials
/// so: a trial stopped at a later rung got further), then failed ones. Ties keep the history order.
/// </summary>
internal static class TpeRanking
{
    /// <summary>History indices best first; <paramref name="rankable"/> is how many are not failed.</summary>
    public static int[] Rank(IReadOnlyList<TpeObservation> history, out int rankable)
    {
        var order = Enumerable.Range(0, history.Count).ToArray();
        Array.Sort(order, (i, j) => Compare(history[i], history[j]) is var c && c != 0 ? c : i.CompareTo(j));
        rankable = history.Count(o => Group(o) < 2);
        return order;
    }

    private static int Compare(TpeObservation a, TpeObservation b)
    {
        var (ga, gb) = (Group(a), Group(b));
        if (ga != gb)
        {
            return ga.CompareTo(gb);
        }

        return ga switch
        {
            0 => b.Objective.CompareTo(a.Objective),
            1 => b.Fidelity != a.Fidelity ? b.Fidelity.CompareTo(a.Fidelity) : b.Objective.CompareTo(a.Objective),
            _ => 0,
        };
    }

    // 0 complete, 1 pruned, 2 failed (failed, or no usable objective).
    private static int Group(TpeObservation o) => !double.IsFinite(o.Objective) ? 2 : o.State switch
    {
        TrialState.Complete => 0,
        TrialState.Pruned => 1,
        _ => 2,
    };
}
