using HyperSearch.Search.Scheduling;

namespace HyperSearch.Service.Specs;

/// <summary>An arm a comparison adds to random and grid: a sampler with a scheduler, on the same space, split, seed and epoch budget.</summary>
public sealed record ComparisonArm(string Name, string Strategy, SchedulerSpec Scheduler);
