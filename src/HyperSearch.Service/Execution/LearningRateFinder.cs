using System.Text.Json;
using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Specs;

namespace HyperSearch.Service.Execution;

/// <summary>
/// POST /api/lr-finder's orchestration: the body read and checked as a submit is (every error at once, the
/// dataset and the model's size against the catalog and the per-trial caps), the dataset from the
/// process-wide cache (held while the test runs), the model built through the registry's engine mapping
/// like a trial's, and the range test run on the shared engine. The request waits for it: one test at a
/// time per process (others queue), each bounded to 1,000 mini-batches and cancelled with the request.
/// </summary>
public sealed class LearningRateFinder(DatasetProvider datasets, TensorEngine engine) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <param name="uploadsOf">Whose uploads the body may name (null: any), as for a search.</param>
    /// <exception cref="SpecValidationException">The body is invalid; the errors name each field.</exception>
    public async Task<LearningRateFinderRun> RunAsync(JsonElement body, string? uploadsOf, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var spec = SearchSpecParser.ParseLearningRateFinder(body, errors);
        // The catalog checks name a search's fields ("space.hiddenLayers"); here the model is "hyperparameters".
        var catalog = new ValidationErrors();
        await datasets.ValidateAsync(spec.Dataset, uploadsOf, catalog, ct, spec.Model);
        foreach (var (field, messages) in catalog.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(
                    field.StartsWith("space.", StringComparison.Ordinal) ? "hyperparameters." + field["space.".Length..] : field,
                    message.Replace("'space.", "'hyperparameters.", StringComparison.Ordinal));
            }
        }

        errors.ThrowIfAny();

        // Every parameter is fixed, so any sampler gives the one point: the given values, the rest at their defaults.
        var hyperparameters = new RandomSampler(spec.Seed).Sample(spec.Model, 1)[0];
        await _oneAtATime.WaitAsync(ct);
        try
        {
            using var held = await datasets.AcquireAsync(spec.Dataset, spec.Seed, ct);
            var data = held.Dataset;
            var config = EngineMapping.ToEngine(hyperparameters, data, epochs: 1, seed: spec.Seed);
            var range = new LearningRateRangeOptions { MinLearningRate = spec.MinLearningRate, MaxLearningRate = spec.MaxLearningRate, Steps = spec.Steps };
            try
            {
                var result = await Task.Run(() => engine.FindLearningRate(config.Model, config.Training, data.Train, range, ct), ct);
                return new LearningRateFinderRun(spec, hyperparameters, data.Train.Count, result);
            }
            catch (ArgumentException ex)
            {
                // A combination the registry's checks let through but the engine refuses (maxout with conv blocks):
                // a search's trial of it ends failed; here it is the request's model that is bad.
                throw SpecValidationException.For("hyperparameters", $"The engine cannot build or train this model: {ex.Message}");
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
