namespace HyperSearch.Service.Jobs;

/// <summary>Enqueues HyperSearch's Hangfire jobs. Jobs carry only ids and are safe to run twice.</summary>
public interface IJobQueue
{
    void StartSearch(Guid searchId);

    void RunTrial(Guid trialId);

    void AdvanceSearch(Guid searchId, int stage);

    void FinalizeSearch(Guid searchId);
}
