using System.Data.Common;
using System.Reflection;
using HyperSearch.Storage;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The real store behind a proxy that fails the first N calls of chosen methods as a database outage
/// does (a <see cref="DbException"/> before the call reaches the database), then passes every call on.
/// A proxy rather than a hand-written wrapper, so it forwards every store member, including new ones.
/// </summary>
public class FlakyStore : DispatchProxy
{
    private ISearchStore _inner = null!;
    private Dictionary<string, int> _failuresLeft = [];

    /// <summary>Calls that failed, by method name.</summary>
    public Dictionary<string, int> Failed { get; } = [];

    public static (ISearchStore Store, FlakyStore Proxy) Wrap(ISearchStore inner, Dictionary<string, int> failures)
    {
        var store = Create<ISearchStore, FlakyStore>();
        var proxy = (FlakyStore)(object)store;
        proxy._inner = inner;
        proxy._failuresLeft = new Dictionary<string, int>(failures);
        return (store, proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        lock (_failuresLeft)
        {
            if (_failuresLeft.TryGetValue(targetMethod.Name, out var left) && left > 0)
            {
                _failuresLeft[targetMethod.Name] = left - 1;
                Failed[targetMethod.Name] = Failed.GetValueOrDefault(targetMethod.Name) + 1;
                var outage = new SimulatedOutageException($"{targetMethod.Name}: the database is unreachable");
                // Async members fail the way Npgsql's do: a faulted task, not a synchronous throw.
                if (typeof(Task).IsAssignableFrom(targetMethod.ReturnType) && targetMethod.ReturnType.IsGenericType)
                {
                    var fromException = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                        .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]);
                    return fromException.Invoke(null, [outage]);
                }

                throw outage;
            }
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    private sealed class SimulatedOutageException(string message) : DbException(message);
}
