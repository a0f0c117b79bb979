using HyperSearch.Storage;

namespace HyperSearch.Benchmarks;

/// <summary>
/// When each trial result became known to the search, so that "best-so-far reached X at t" can be read
/// after the run. A result is a trial's validation accuracy after some number of epochs: its final one
/// (timed by the store's CompletedAt, exact) or, under ASHA, the one it reported at a rung and waits
/// with. The store keeps no time for a rung report, so those are timed when the benchmark's poll first
/// sees the row (the poll runs every few hundred milliseconds; a waiting row keeps its rung result
/// until its next report, so none is missed). These are exactly the values the service ranks when it
/// records the search's best, so the curve is the best a user could have taken at that moment.
/// Per-epoch metrics of a trial that is still training are not results: the search cannot return
/// that model (no checkpoint is kept for it), so they do not count.
/// </summary>
internal sealed class ResultTimeline
{
    private readonly DateTimeOffset _origin;
    private readonly Dictionary<(Guid Trial, int Epochs), (double Seconds, double Accuracy)> _results = [];

    public ResultTimeline(DateTimeOffset origin) => _origin = origin;

    public int Count => _results.Count;

    /// <summary>Records every result first seen in this poll of the search's trials.</summary>
    public void Observe(IEnumerable<TrialRecord> trials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trials);
        foreach (var t in trials)
        {
            if (t.ValidationAccuracy is not { } accuracy || !double.IsFinite(accuracy) || t.EpochsTrained <= 0)
            {
                continue;
            }

            var final = t.Status is TrialStatus.Completed or TrialStatus.Pruned or TrialStatus.Diverged or TrialStatus.Failed;
            var at = final && t.CompletedAt is { } done ? done : now;
            var seconds = (at - _origin).TotalSeconds;
            var key = (t.Id, t.EpochsTrained);
            if (!_results.TryGetValue(key, out var seen) || seconds < seen.Seconds)
            {
                _results[key] = (seconds, accuracy);
            }
        }
    }

    /// <summary>The first time a result reached <paramref name="accuracy"/> (≥), or null if none did.</summary>
    public double? Reach(double accuracy)
    {
        double? first = null;
        foreach (var (seconds, value) in _results.Values)
        {
            if (value >= accuracy && (first is null || seconds < first))
            {
                first = seconds;
            }
        }

        return first;
    }

    /// <summary>The highest result seen (under ASHA it can exceed the search's best: a promoted trial may end lower than it paused).</summary>
    public double? Best => _results.Count == 0 ? null : _results.Values.Max(r => r.Accuracy);
}
