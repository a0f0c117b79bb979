using System.Reflection;
using HyperSearch.Storage;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The real store behind a proxy that runs a hook before chosen calls: the hook sees (and may replace)
/// the call's arguments, and may do other work first — another worker's, to open a race on purpose.
/// </summary>
public class HookedStore : DispatchProxy
{
    private ISearchStore _inner = null!;
    private Dictionary<string, Func<object?[], Task>> _hooks = [];

    public static ISearchStore Wrap(ISearchStore inner, Dictionary<string, Func<object?[], Task>> hooks)
    {
        var store = Create<ISearchStore, HookedStore>();
        var proxy = (HookedStore)(object)store;
        proxy._inner = inner;
        proxy._hooks = hooks;
        return store;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        if (!_hooks.TryGetValue(targetMethod.Name, out var hook))
        {
            return Forward(targetMethod, args);
        }

        var result = targetMethod.ReturnType.GetGenericArguments()[0];
        return typeof(HookedStore).GetMethod(nameof(HookThenForwardAsync), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(result).Invoke(this, [hook, targetMethod, args]);
    }

    private async Task<T> HookThenForwardAsync<T>(Func<object?[], Task> hook, MethodInfo method, object?[] args)
    {
        await hook(args);
        return await (Task<T>)Forward(method, args)!;
    }

    private object? Forward(MethodInfo method, object?[] args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
