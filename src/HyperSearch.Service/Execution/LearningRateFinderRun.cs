using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Specs;

namespace HyperSearch.Service.Execution;

/// <summary>One range test as the API reports it: the request read back, the model's full hyperparameters (defaults filled in), the curve and suggestion.</summary>
public sealed record LearningRateFinderRun(LearningRateFinderSpec Spec, Hyperparameters Hyperparameters, int TrainRows, LearningRateRangeResult Result);
