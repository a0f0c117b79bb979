using HyperSearch.Search;

namespace HyperSearch.Service.Specs;

/// <summary>
/// A learning-rate range test request (POST /api/lr-finder): the dataset as a search names it, the model and
/// training settings as fixed values of the parameter registry (<see cref="Model"/>: a space of bare values,
/// every other parameter at its default), the learning-rate sweep and the seed (split, init, batch order).
/// </summary>
public sealed record LearningRateFinderSpec(DatasetSpec Dataset, SearchSpace Model, double MinLearningRate, double MaxLearningRate, int Steps, int Seed);
