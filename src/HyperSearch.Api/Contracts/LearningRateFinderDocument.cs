using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/lr-finder</c>: a learning-rate range test (Smith 2017) of one model on a dataset
/// (docs/api.md, "Learning-rate range test"). The endpoint reads the JSON itself to name every bad field
/// (<c>SearchSpecParser.ParseLearningRateFinder</c>).
/// </summary>
public sealed record LearningRateFinderDocument
{
    [Description("Which dataset (GET /api/datasets lists them), as in a search: a name, or an object with the split sizes and preprocessing. The test trains on the training split.")]
    public required DatasetSpecDocument Dataset { get; init; }

    [Description("The model and training settings as a search's fixed (bare) values of the registry (GET /api/schema): hiddenLayers, activation, weightInit, batchNorm, optimizer, momentum, batchSize, regularization, dropout, … Not learningRate (the test sweeps it) nor its decay. Default: every parameter at its default.")]
    public JsonElement? Hyperparameters { get; init; }

    [Description("The first mini-batch's learning rate (within learningRate's limits).")]
    [DefaultValue(1e-6)]
    public double? MinLr { get; init; }

    [Description("The last mini-batch's learning rate; above minLr.")]
    [DefaultValue(10.0)]
    public double? MaxLr { get; init; }

    [Description("Mini-batches, at most 1000: the learning rate grows by (maxLr / minLr)^(1 / (steps − 1)) per step.")]
    [DefaultValue(200)]
    public int? Steps { get; init; }

    [Description("Seeds the split, the initial weights, the batch order and dropout: the same seed gives the same curve. Default: a random seed.")]
    public int? Seed { get; init; }
}
