namespace HyperSearch.Service.Jobs;

/// <summary>The ids that have a job somewhere in the queue: waiting, fetched, running, or scheduled for a retry.</summary>
public sealed record LiveJobs(IReadOnlySet<Guid> Trials, IReadOnlySet<Guid> Searches);
