namespace HyperSearch.Service.Jobs;

/// <summary>What the job queue holds, so the recovery scan re-enqueues only work that has no job left.</summary>
public interface IJobInventory
{
    LiveJobs Snapshot();
}
