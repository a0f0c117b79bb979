namespace HyperSearch.Search.Scheduling;

/// <summary>
/// The rung milestones of an <see cref="AshaSpec"/>: r_k = minEpochs·reduction^k for k = 0, 1, … while
/// r_k ≤ maxEpochs, then maxEpochs itself as the top rung if it is not already one. So (1, 27, 3) gives
/// 1, 3, 9, 27; (1, 10, 3) gives 1, 3, 9, 10; (2, 2, 3) gives just 2. Appending maxEpochs (rather than
/// stopping at 9) means a trial that survives every rung trains the stage's full budget, as Ray Tune's
/// max_t does; the last step is then shorter than ×reduction but is still gated by the top-1/η rule.
/// Rungs are numbered from 0 (minEpochs) to <see cref="Top"/> (maxEpochs).
/// </summary>
public sealed class AshaRungs
{
    internal AshaRungs(int minEpochs, int maxEpochs, int reduction)
    {
        var milestones = new List<int>();
        // long: minEpochs·reduction^k can pass int.MaxValue before the loop notices it passed maxEpochs.
        for (long epochs = minEpochs; epochs <= maxEpochs; epochs *= reduction)
        {
            milestones.Add((int)epochs);
        }

        if (milestones[^1] != maxEpochs)
        {
            milestones.Add(maxEpochs);
        }

        Milestones = milestones.AsReadOnly();
    }

    /// <summary>Epochs trained by the end of each rung, strictly increasing; the first is minEpochs, the last maxEpochs.</summary>
    public IReadOnlyList<int> Milestones { get; }

    public int Count => Milestones.Count;

    /// <summary>Index of the top rung (maxEpochs); a trial that reaches it is complete and never promoted.</summary>
    public int Top => Milestones.Count - 1;

    /// <summary>
    /// The fewest epochs with which any trial can reach the top rung: a rung promotes the top ⌊n/η⌋ of the n
    /// trials that finished it, so the top needs η^Top configurations through rung 0, η^(Top−1) continued to
    /// rung 1, …, one to the top: Σ_k η^(Top−k)·(r_k − r_(k−1)), the synchronous successive-halving cost of
    /// η^Top configurations (fewer only when configurations diverge in their first rung).
    /// </summary>
    public long EpochsToReachTop(int reduction)
    {
        long total = 0, previous = 0, configurations = 1;
        for (int k = 0; k < Top; k++)
        {
            configurations *= reduction;
        }

        foreach (var milestone in Milestones)
        {
            total += configurations * (milestone - previous);
            previous = milestone;
            configurations /= reduction;
        }

        return total;
    }

    /// <summary>Epochs trained by the end of <paramref name="rung"/>.</summary>
    public int EpochsAt(int rung)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rung);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rung, Top);
        return Milestones[rung];
    }

    /// <summary>The rung whose milestone is exactly <paramref name="epochs"/>, or -1 if it is not a milestone (e.g. an intermediate epoch report).</summary>
    public int IndexOf(int epochs)
    {
        for (var k = 0; k < Milestones.Count; k++)
        {
            if (Milestones[k] == epochs)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>The highest rung a trial that trained <paramref name="epochs"/> epochs has passed, or -1 below minEpochs.</summary>
    public int RungReached(int epochs)
    {
        var reached = -1;
        while (reached < Top && Milestones[reached + 1] <= epochs)
        {
            reached++;
        }

        return reached;
    }

    /// <summary>Epochs to train to when promoted out of <paramref name="rung"/> (rung + 1's milestone), or null at the top.</summary>
    public int? NextTarget(int rung)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rung);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rung, Top);
        return rung == Top ? null : Milestones[rung + 1];
    }

    /// <summary>The milestones, e.g. "1, 3, 9, 27" (records holding a spec print it).</summary>
    public override string ToString() => string.Join(", ", Milestones);
}
