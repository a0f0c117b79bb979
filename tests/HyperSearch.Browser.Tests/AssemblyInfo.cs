// The host runs Hangfire servers, which share process-wide state: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
