namespace HyperSearch.Search.Scheduling;

/// <summary>
/// The median stopping rule (Golovin et al., "Google Vizier: A Service for Black-Box Optimization",
/// KDD 2017, one of its automated early-stopping rules): stop a trial whose objective is strictly below
/// the median of the other trials' objectives at the same epoch. Vizier compares a trial's best-so-far with the median of the others'
/// running averages; this is the simpler per-epoch form Optuna's MedianPruner uses (value at epoch s
/// against the others' values at epoch s), which needs nothing but the current epoch's reports.
/// Pure and O(m log m) in the number of others.
/// </summary>
public sealed class MedianStopping
{
    private readonly MedianStoppingSpec _spec;

    public MedianStopping(MedianStoppingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
    }

    public MedianStoppingSpec Spec => _spec;

    /// <summary>
    /// Whether a trial that reported <paramref name="value"/> (validation accuracy, higher is better) after
    /// <paramref name="epoch"/> epochs should stop now. True when the value is NaN (a diverged network does
    /// not recover, so this holds even in warm-up). Otherwise true only when epoch ≥ warmupEpochs, at
    /// least minTrials of <paramref name="othersAtEpoch"/> are numbers (their NaNs are ignored, for the
    /// count and for the median), and value is strictly below their median (the mean of the two middle
    /// values for an even count). A value equal to the median continues. Which trials count as "others"
    /// (running, completed, stopped later than this epoch) is the caller's choice; the order does not matter.
    /// </summary>
    /// <param name="epoch">1-based: the report after the first epoch is epoch 1.</param>
    /// <param name="othersAtEpoch">The other trials' values at this same epoch, excluding this trial's.</param>
    public bool ShouldStop(int epoch, double value, IReadOnlyList<double> othersAtEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentNullException.ThrowIfNull(othersAtEpoch);
        if (double.IsNaN(value))
        {
            return true;
        }

        if (epoch < _spec.WarmupEpochs)
        {
            return false;
        }

        var numbers = othersAtEpoch.Where(v => !double.IsNaN(v)).ToArray();
        if (numbers.Length < _spec.MinTrials)
        {
            return false;
        }

        return value < Median(numbers);
    }

    /// <summary>The median of a non-empty array (sorted in place); halves added separately so two large values cannot overflow.</summary>
    internal static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] / 2) + (values[middle] / 2);
    }
}
