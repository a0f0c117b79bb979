using System.Text.Json.Nodes;
using HyperSearch.Api.Contracts;
using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Search.Scheduling;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Api.Endpoints;

public static class SchemaEndpoints
{
    // The registry and vocabularies are fixed for the process: build the answer once.
    private static readonly Lazy<SchemaResponse> Schema = new(Build);

    public static IEndpointRouteBuilder MapSchemaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schema", () => TypedResults.Ok(Schema.Value))
            .WithName("GetSchema")
            .WithTags("Schema")
            .WithSummary("Every hyperparameter (kind, default, limits, values, scale, condition) and every vocabulary (strategies, schedulers, preprocessing, splits, statuses) and limit of a spec.")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return app;
    }

    private static SchemaResponse Build()
    {
        var limits = SpecLimits.Default;
        return new SchemaResponse(
            Parameters.All.Select(Describe).ToList(),
            Strategies.All.Names,
            Schedulers.All.Names,
            SchedulerSettings(),
            Preprocessings.All.Names,
            Preprocessings.Default,
            Splits.All.Names,
            EnumNames<SearchStatus>.All,
            EnumNames<TrialStatus>.All,
            new SchemaLimits(
                limits.MaxTrialsPerStage, limits.MaxTotalTrials, limits.MaxEpochs, limits.MaxStages, limits.MaxGridPoints,
                SearchPlanner.Limits.MaxGridSize, limits.MaxActiveSearches, limits.MaxComparisonBudget, limits.MaxNameLength),
            Engine.TrainingDiagnosis.Labels);
    }

    // The settings each scheduler kind takes, with the defaults and bounds its parser applies.
    private static Dictionary<string, IReadOnlyList<SchedulerSettingSchema>> SchedulerSettings() => new()
    {
        [Schedulers.None] = [],
        [Schedulers.Asha] =
        [
            new("minEpochs", "Min epochs", AshaSpec.DefaultMinEpochs, 1, AshaSpec.MaxEpochsLimit, "Rung 0: every configuration trains this long."),
            new("maxEpochs", "Max epochs", null, 1, AshaSpec.MaxEpochsLimit, "Of a trial promoted through every rung; default: the stage's epochs."),
            new("reduction", "Reduction η", AshaSpec.DefaultReduction, 2, AshaSpec.MaxReduction, "Each rung keeps the best 1/η and trains η× longer."),
            new("epochBudget", "Epoch budget", null, 1, AshaSpec.MaxEpochBudget, "The most epochs the stage trains in all; trials is then the most configurations it starts. Default: no limit."),
        ],
        [Schedulers.Median] =
        [
            new("warmupEpochs", "Warm-up epochs", MedianStoppingSpec.DefaultWarmupEpochs, 0, MedianStoppingSpec.MaxWarmupEpochs, "The rule acts from this epoch on."),
            new("minTrials", "Min trials", MedianStoppingSpec.DefaultMinTrials, 1, MedianStoppingSpec.MaxMinTrials, "It acts once this many other trials have reached the epoch."),
        ],
    };

    private static ParameterSchema Describe(ParameterDefinition p) => new(
        p.Name,
        EnumNames<ParameterKind>.Of(p.Kind),
        Node(p.Default),
        EnumNames<ParameterScale>.Of(p.DefaultScale),
        p.Bounds?.Min,
        p.Bounds?.MinExclusive ?? false,
        p.Bounds?.Max,
        p.Bounds?.MaxExclusive ?? false,
        p.AllowedStrings,
        p.Condition is { } c ? new ParameterConditionSchema(c.Parent, c.Values.Select(Node).ToList()) : null,
        p.IsDerived,
        p.Description);

    private static JsonNode Node(object value) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(value))!;
}
