namespace HyperSearch.Benchmarks;

/// <summary>
/// What one arm measured for one seed. Times are seconds from submission. <see cref="ReachTarget"/> and
/// <see cref="ReachReference"/> are null when the best-so-far never got there. <see cref="Budget"/> is
/// the coarse→fine arm's planned epochs, the ceiling every arm's <see cref="Epochs"/> must stay under.
/// </summary>
internal sealed record SearchArmResult(
    string Arm,
    int Seed,
    string Status,
    int Trials,
    IReadOnlyDictionary<string, int> Statuses,
    double? BestValidation,
    double? TestAccuracy,
    double SearchSeconds,
    double TrialsSeconds,
    int Epochs,
    int DivergedEpochs,
    double TrainingSeconds,
    double DivergedSeconds,
    int Budget,
    double? ReachTarget,
    double? TimeToOwnBest,
    string Rungs,
    ResultTimeline Timeline,
    string Load)
{
    /// <summary>When this arm's best-so-far first reached the coarse→fine arm's best of the same seed (filled in once that arm ran).</summary>
    public double? ReachReference { get; init; }

    public double DivergedPercent => Epochs == 0 ? 0 : 100.0 * DivergedEpochs / Epochs;

    /// <summary>
    /// Share of the trials' training time spent on trials that diverged. Epochs alone undercount that
    /// waste: a run is stopped in the batch its loss explodes, and the unfinished epoch is not counted.
    /// </summary>
    public double DivergedTimePercent => TrainingSeconds == 0 ? 0 : 100.0 * DivergedSeconds / TrainingSeconds;
}
