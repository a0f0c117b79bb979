using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// One arm of a comparison: its search, the statistics of its (single) stage, the epochs it spent and
/// its best-so-far against epochs spent and wall time (trials in the order they finished).
/// </summary>
public sealed record ComparisonSide(string Name, SearchRecord Search, SearchStatistics Statistics, int Trials, int EpochsSpent, IReadOnlyList<EffortPoint> BestByEffort);
