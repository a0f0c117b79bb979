using System.Globalization;
using System.Text.Json;

namespace HyperSearch.Search.Scheduling;

/// <summary>
/// <c>{"kind": "asha", "minEpochs": 1, "maxEpochs": 27, "reduction": 3}</c>: asynchronous successive
/// halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys 2020). Every trial
/// first trains <see cref="MinEpochs"/>; at each rung only the best 1/<see cref="Reduction"/> of the trials
/// that reached it so far go on, each rung training <see cref="Reduction"/> times longer, up to
/// <see cref="MaxEpochs"/>. Bounds: 1 ≤ minEpochs ≤ maxEpochs ≤ <see cref="MaxEpochsLimit"/>,
/// 2 ≤ reduction ≤ <see cref="MaxReduction"/> and, when given, minEpochs ≤ epochBudget ≤
/// <see cref="MaxEpochBudget"/>. Always valid: the only factories validate, and the
/// properties have no setters, so <c>with</c> cannot make an invalid spec.
/// </summary>
public sealed record AshaSpec : SchedulerSpec
{
    /// <summary>Default <see cref="MinEpochs"/> (the paper's r, Ray Tune's grace_period).</summary>
    public const int DefaultMinEpochs = 1;

    /// <summary>Default <see cref="Reduction"/> (the paper's η): each rung keeps a third. Ray Tune and Optuna default to 4.</summary>
    public const int DefaultReduction = 3;

    /// <summary>Largest <see cref="MaxEpochs"/>: the service's per-trial epoch limit.</summary>
    public const int MaxEpochsLimit = 1_000;

    /// <summary>Largest <see cref="Reduction"/>: beyond it a rung would keep under 1% of its trials.</summary>
    public const int MaxReduction = 100;

    /// <summary>Largest <see cref="EpochBudget"/>: the service's trial limit times its per-trial epoch limit.</summary>
    public const int MaxEpochBudget = 20_000_000;

    private AshaSpec(int minEpochs, int maxEpochs, int reduction, int? epochBudget)
    {
        MinEpochs = minEpochs;
        MaxEpochs = maxEpochs;
        Reduction = reduction;
        EpochBudget = epochBudget;
    }

    public override string Kind => SchedulerKinds.Asha;

    /// <summary>Epochs every trial trains before its first comparison: rung 0's milestone.</summary>
    public int MinEpochs { get; }

    /// <summary>Epochs of a trial promoted through every rung: the top rung's milestone.</summary>
    public int MaxEpochs { get; }

    /// <summary>η: each rung keeps the top ⌊n/η⌋ of its n trials and trains η times longer than the one below.</summary>
    public int Reduction { get; }

    /// <summary>
    /// The most epochs the stage trains in all, or null for no limit (every configuration of the stage
    /// starts). With a budget the stage's trial count is the most configurations it may start: a new
    /// configuration starts only while its first rung fits in what the stage's trials have trained or
    /// are training, and a promotion only while its next leg fits; configurations the budget leaves out
    /// end pruned, untrained (<see cref="AshaBudget"/>).
    /// </summary>
    public int? EpochBudget { get; }

    /// <summary>The fewest epochs with which a trial can reach <see cref="MaxEpochs"/> (<see cref="AshaRungs.EpochsToReachTop"/>).</summary>
    public long EpochsToReachTop => Rungs.EpochsToReachTop(Reduction);

    /// <summary>Why a budget of <paramref name="what"/> is refused: no trial could reach maxEpochs on it.</summary>
    public static string ReachTopMessage(string what, int minEpochs, int maxEpochs, int reduction, long need) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{what} can never train a configuration to maxEpochs ({maxEpochs}): each rung promotes the top 1/{reduction} of the trials that finished it, so reaching {maxEpochs} epochs from {minEpochs} takes at least {need} epochs. Raise it to {need}, or lower maxEpochs.");

    /// <summary>The rung milestones (computed on each call; a handful of ints, so not cached to keep record equality on the three fields).</summary>
    public AshaRungs Rungs => new(MinEpochs, MaxEpochs, Reduction);

    /// <summary>Validates like the parser; throws <see cref="SearchSpaceException"/> keyed <c>{path}.minEpochs</c> etc.</summary>
    public static AshaSpec Create(int minEpochs, int maxEpochs, int reduction = DefaultReduction, string path = "scheduler", int? epochBudget = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new ErrorCollector();
        var minOk = SchedulerChecks.InRange(path, "minEpochs", minEpochs, 1, MaxEpochsLimit, errors);
        var maxOk = SchedulerChecks.InRange(path, "maxEpochs", maxEpochs, 1, MaxEpochsLimit, errors);
        CheckReduction(reduction, reduction.ToString(CultureInfo.InvariantCulture), path, errors);
        var budgetOk = epochBudget is not { } b || CheckEpochBudget(b, b.ToString(CultureInfo.InvariantCulture), path, errors);
        if (minOk && maxOk && budgetOk)
        {
            CheckOrder(minEpochs, maxEpochs, reduction, epochBudget, maxDefaulted: false, path, errors);
        }

        errors.ThrowIfAny();
        return new AshaSpec(minEpochs, maxEpochs, reduction, epochBudget);
    }

    /// <summary>This spec with another <see cref="EpochBudget"/> (validated like <see cref="Create"/>).</summary>
    public AshaSpec WithEpochBudget(int? epochBudget, string path = "scheduler") => Create(MinEpochs, MaxEpochs, Reduction, path, epochBudget);

    /// <summary>Builds a spec whose fields the parser has range-checked; only the cross-field rules are left.</summary>
    internal static AshaSpec? FromChecked(int minEpochs, int maxEpochs, int reduction, int? epochBudget, bool maxDefaulted, string path, ErrorCollector errors) =>
        CheckOrder(minEpochs, maxEpochs, reduction, epochBudget, maxDefaulted, path, errors) ? new AshaSpec(minEpochs, maxEpochs, reduction, epochBudget) : null;

    internal static bool CheckEpochBudget(double epochBudget, string shown, string path, ErrorCollector errors) =>
        SchedulerChecks.InRange(path, "epochBudget", epochBudget, shown, 1, MaxEpochBudget, errors);

    internal static bool CheckReduction(double reduction, string shown, string path, ErrorCollector errors) =>
        SchedulerChecks.InRange(path, "reduction", reduction, shown, 2, MaxReduction, errors,
            reduction < 2 ? "each rung keeps 1/reduction of its trials, so below 2 nothing would be cut" : null);

    private static bool CheckOrder(int minEpochs, int maxEpochs, int reduction, int? epochBudget, bool maxDefaulted, string path, ErrorCollector errors)
    {
        if (minEpochs > maxEpochs)
        {
            errors.Add($"{path}.minEpochs", maxDefaulted
                ? $"minEpochs ({minEpochs}) must not exceed maxEpochs, which defaults to the stage's {maxEpochs} epochs; lower minEpochs or give maxEpochs."
                : $"minEpochs ({minEpochs}) must not exceed maxEpochs ({maxEpochs}).");
            return false;
        }

        if (epochBudget < minEpochs)
        {
            errors.Add($"{path}.epochBudget", $"epochBudget ({epochBudget}) is less than minEpochs ({minEpochs}): no configuration could train its first rung.");
            return false;
        }

        // (A reduction below 2 is refused on its own; its rungs would never end.)
        if (epochBudget is { } budget && reduction >= 2
            && new AshaRungs(minEpochs, maxEpochs, reduction).EpochsToReachTop(reduction) is var need && budget < need)
        {
            errors.Add($"{path}.epochBudget", ReachTopMessage($"epochBudget ({budget})", minEpochs, maxEpochs, reduction, need));
            return false;
        }

        return true;
    }

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteNumber("minEpochs", MinEpochs);
        writer.WriteNumber("maxEpochs", MaxEpochs);
        writer.WriteNumber("reduction", Reduction);
        if (EpochBudget is { } budget)
        {
            writer.WriteNumber("epochBudget", budget);
        }
    }

    private protected override void CheckStage(string strategy, long trialsPerStage, string path, ErrorCollector errors)
    {
        // A single rung (minEpochs = maxEpochs) promotes nothing by design: every trial is already final.
        if (MinEpochs < MaxEpochs && trialsPerStage < Reduction)
        {
            errors.Add($"{path}.reduction",
                $"A {strategy} stage of {trialsPerStage} trial(s) with reduction {Reduction} would promote no trial past minEpochs ({MinEpochs}): each rung keeps ⌊n/{Reduction}⌋ of its n trials. Use at least {Reduction} trials or a smaller reduction.");
        }
    }
}
