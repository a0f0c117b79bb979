using System.Collections.Concurrent;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Running trials of this process by search, so a cancel request served here stops them at the next
/// batch at once; executors in other processes learn of it when their lease renewal fails (about a second).
/// </summary>
public sealed class TrialCancellation
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, CancellationTokenSource>> _running = new();

    public IDisposable Register(Guid searchId, Guid trialId, CancellationTokenSource cts)
    {
        var trials = _running.GetOrAdd(searchId, _ => new());
        trials[trialId] = cts;
        return new Registration(() =>
        {
            trials.TryRemove(trialId, out _);
        });
    }

    public int Cancel(Guid searchId)
    {
        if (!_running.TryGetValue(searchId, out var trials))
        {
            return 0;
        }

        var n = 0;
        foreach (var cts in trials.Values)
        {
            try
            {
                cts.Cancel();
                n++;
            }
            catch (ObjectDisposedException)
            {
                // The trial finished between the lookup and the cancel.
            }
        }

        return n;
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
