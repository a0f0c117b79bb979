// Hosts that run Hangfire servers share process-wide Hangfire state: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
