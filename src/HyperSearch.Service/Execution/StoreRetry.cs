using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Carries a running trial's store writes (epochs, the result, lease renewals) through a brief database
/// outage: a transient failure is retried with exponential backoff (0.1 s doubling to 5 s, with jitter)
/// until <see cref="Budget"/> has passed, then rethrown. Only writes that are safe to repeat go through
/// here: each is conditional on the trial's claim token, so a write that committed before its answer was
/// lost is, when repeated, either the same upsert again or a no-op that changes nothing.
/// </summary>
public sealed class StoreRetry(TimeSpan budget, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public TimeSpan Budget { get; } = budget;

    /// <summary>A failure of the connection or the server, not of the statement: the same call may succeed later.</summary>
    public static bool IsTransient(Exception ex) =>
        (ex is DbException db && !Storage.StoreErrors.IsPermanent(db)) || ex is TimeoutException or IOException or SocketException
        || (ex is InvalidOperationException && ex.InnerException is { } inner && IsTransient(inner));

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        var started = time.GetTimestamp();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(ct);
            }
            catch (Exception ex) when (IsTransient(ex) && !ct.IsCancellationRequested && time.GetElapsedTime(started) + delay <= Budget)
            {
                logger.LogWarning("Store write '{What}' failed (attempt {Attempt}: {Error}); retrying in {Delay} ms", what, attempt, ex.Message, (int)delay.TotalMilliseconds);
            }

            // Jitter keeps the workers of a cluster from all retrying at the same instant after an outage.
            var jittered = delay * (0.75 + (Random.Shared.NextDouble() * 0.5));
            await Task.Delay(jittered, time, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }
}
