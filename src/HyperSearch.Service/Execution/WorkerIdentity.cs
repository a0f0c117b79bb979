namespace HyperSearch.Service.Execution;

/// <summary>Names this process in trial rows ("which worker ran it") and in lease ownership.</summary>
public static class WorkerIdentity
{
    public static string Current { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
