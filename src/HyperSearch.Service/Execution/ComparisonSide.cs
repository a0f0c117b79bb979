using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>One strategy's search in a comparison with the statistics of its (single) stage.</summary>
public sealed record ComparisonSide(SearchRecord Search, SearchStatistics Statistics, int Trials);
