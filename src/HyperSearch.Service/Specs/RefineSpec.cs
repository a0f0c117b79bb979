using HyperSearch.Search.Scheduling;

namespace HyperSearch.Service.Specs;

/// <summary>
/// Coarse-to-fine: <see cref="Stages"/> counts every stage including the coarse one; each later stage
/// samples <see cref="Trials"/> points (or a grid of <see cref="GridPoints"/>) from ranges refined
/// around the previous stage's <see cref="TopK"/> trials and trains them for <see cref="Epochs"/>, under
/// <see cref="Scheduler"/> (by default the coarse stage's kind and settings, with maxEpochs = <see cref="Epochs"/>).
/// </summary>
public sealed record RefineSpec(int Stages, int TopK, int Trials, int? GridPoints, int Epochs, SchedulerSpec? Scheduler = null);
