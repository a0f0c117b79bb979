using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Storage;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using static HyperSearch.Api.OpenApi.SchemaBuilder;

namespace HyperSearch.Api.OpenApi;

/// <summary>
/// Makes the generated component schemas say what the wire carries:
/// <list type="bullet">
/// <item>raw-JSON properties (JsonElement, JsonNode: the space, schedulers, hyperparameters, the stored
/// spec, parameter values) point at the real schemas of <see cref="SpecSchemas"/>;</item>
/// <item>request documents (<c>*Document</c>) list only what is required as required, and their optional
/// fields as plain (non-null) types with the parser's defaults;</item>
/// <item>responses mark every property required, because the serializer writes every property
/// (<c>JsonIgnoreCondition.Never</c>), nulls included;</item>
/// <item>string fields drawn from a vocabulary list their values.</item>
/// </list>
/// The generator cannot know these (it sees a JsonElement or a string); everything here reads the
/// vocabularies and the registry, so nothing is written by hand twice.
/// </summary>
internal sealed class ComponentSchemasTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        SpecSchemas.AddTo(document);
        IOpenApiSchema Ref(string id) => new OpenApiSchemaReference(id, document);
        OpenApiSchema? Component(string name) => schemas.TryGetValue(name, out var s) ? s as OpenApiSchema : null;

        void Set(string component, string property, IOpenApiSchema schema)
        {
            if (Component(component) is { Properties: { } props } && props.ContainsKey(property))
            {
                props[property] = schema;
            }
        }

        // Raw JSON on the wire → its real schema.
        Set(nameof(Contracts.StageResponse), "space", Ref(SpecSchemas.SearchSpace));
        Set(nameof(Contracts.StageResponse), "scheduler", Ref(SpecSchemas.Scheduler));
        Set(nameof(Contracts.TrialResponse), "hyperparameters", Ref(SpecSchemas.Hyperparameters));
        Set(nameof(Contracts.SearchResponse), "spec", Ref(SpecSchemas.StoredSearchSpec));
        Set(nameof(Contracts.ParameterSchema), "default", Ref(SpecSchemas.ParameterValue));
        Set(nameof(Contracts.ParameterConditionSchema), "values", Array(Ref(SpecSchemas.ParameterValue)));
        foreach (var doc in new[] { nameof(Contracts.SearchSpecDocument), nameof(Contracts.ComparisonSpecDocument) })
        {
            Set(doc, "space", Ref(SpecSchemas.SearchSpace));
            Set(doc, "scheduler", Ref(SpecSchemas.Scheduler));
            var sanity = OneOf(
                "Run the lecture's sanity checks (initial loss ≈ ln C, overfit 20 examples) on every distinct architecture of stage 1: "
                + "true (default: run and report), false (skip), or \"gate\" (a failure ends the search before stage 1).",
                Of(JsonSchemaType.Boolean), Enum(["gate"]));
            sanity.Default = System.Text.Json.Nodes.JsonValue.Create(true);
            Set(doc, "sanityChecks", sanity);
            var pruneOn = Array(Enum(Engine.TrainingDiagnosis.Prunable));
            pruneOn.Description = "Stop a trial (status pruned) after the epoch at which its diagnosis shows one of these labels "
                + "(docs/search-spec.md, \"Pruning on diagnostics\"); underfit needs the whole run and cannot be listed. Default: none.";
            Set(doc, "pruneOn", pruneOn);
            Set(doc, "dataset", OneOf(
                "A dataset name (GET /api/datasets), or an object with the split sizes and preprocessing.",
                Of(JsonSchemaType.String), Ref(nameof(Contracts.DatasetSpecDocument))));
        }

        Set(nameof(Contracts.LearningRateFinderDocument), "hyperparameters", Ref(SpecSchemas.FixedHyperparameters));
        Set(nameof(Contracts.LearningRateFinderResponse), "hyperparameters", Ref(SpecSchemas.Hyperparameters));
        Set(nameof(Contracts.LearningRateFinderDocument), "dataset", OneOf(
            "A dataset name (GET /api/datasets), or an object with the split sizes and preprocessing.",
            Of(JsonSchemaType.String), Ref(nameof(Contracts.DatasetSpecDocument))));
        Set(nameof(Contracts.RefineSpecDocument), "scheduler", Ref(SpecSchemas.Scheduler));
        Set(nameof(Contracts.StageExtensionDocument), "scheduler", Ref(SpecSchemas.Scheduler));
        Set(nameof(Contracts.StageExtensionDocument), "space", Ref(SpecSchemas.SearchSpace));
        Set(nameof(Contracts.StageExtensionDocument), "strategy", Enum(Strategies.All.Names));
        Set(nameof(Contracts.StageResponse), "strategy", Enum(Strategies.All.Names));
        Set(nameof(Contracts.ComparisonArmDocument), "scheduler", Ref(SpecSchemas.Scheduler));

        // Vocabularies.
        Set(nameof(Contracts.SearchSpecDocument), "strategy", Enum(Strategies.All.Names));
        Set(nameof(Contracts.ComparisonArmDocument), "strategy", Enum([Strategies.Random, Strategies.Sobol]));
        Set(nameof(Contracts.DatasetSpecDocument), "preprocessing", Enum(Preprocessings.All.Names));
        Set(nameof(Contracts.DatasetSpecDocument), "split", Enum(Splits.All.Names));
        Set(nameof(Contracts.SearchResponse), "strategy", Enum(Strategies.All.Names));
        Set(nameof(Contracts.SearchSummaryResponse), "strategy", Enum(Strategies.All.Names));
        Set(nameof(Contracts.ComparisonResponse), "status", Enum(EnumNames<SearchStatus>.All, "completed when every arm completed; cancelled or failed when one was; queued when all wait; running otherwise."));
        Set(nameof(Contracts.HealthResponse), "status", Enum(["healthy", "unhealthy"]));
        Set(nameof(Contracts.HealthResponse), "mode", Enum(["embedded", "postgres"]));
        Set(nameof(Contracts.StoreHealth), "provider", Enum(["sqlite", "postgres"]));
        Set(nameof(Contracts.DatasetResponse), "kind", Enum(LowerNames<Data.DatasetKind>()));
        Set(nameof(Contracts.ParameterSchema), "kind", Enum(EnumNames<ParameterKind>.All));
        Set(nameof(Contracts.ParameterSchema), "scale", Enum(EnumNames<ParameterScale>.All));
        Set(nameof(Contracts.DiagnosisLabelResponse), "label", Enum(Engine.TrainingDiagnosis.Labels));
        Set(nameof(Contracts.SchedulerSettingSchema), "name", Enum(["minEpochs", "maxEpochs", "reduction", "epochBudget", "warmupEpochs", "minTrials"]));

        foreach (var (name, schema) in schemas.ToList())
        {
            if (schema is not OpenApiSchema { Properties: { Count: > 0 } props } concrete || SpecSchemas.IsOwn(name))
            {
                continue;
            }

            if (name.EndsWith("Document", StringComparison.Ordinal))
            {
                foreach (var (prop, propSchema) in props.ToList())
                {
                    props[prop] = WithoutNull(propSchema);
                }
            }
            else if (!name.Contains("ProblemDetails", StringComparison.Ordinal))
            {
                concrete.Required = new HashSet<string>(props.Keys);
            }
        }

        // Nothing may still say "any JSON".
        schemas.Remove("JsonElement");
        schemas.Remove("JsonNode");
        return Task.CompletedTask;
    }

    private static IEnumerable<string> LowerNames<T>()
        where T : struct, System.Enum => System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant());

    /// <summary>
    /// An optional request field: the server treats null as absent, but a client has no reason to send
    /// it, so the document offers the plain type (generated clients then leave the field out).
    /// </summary>
    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        switch (schema)
        {
            case OpenApiSchema { OneOf: { Count: 2 } choices } when choices.Count(IsNull) == 1:
                return choices.Single(c => !IsNull(c));
            case OpenApiSchema { Type: { } type } concrete when type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null:
                concrete.Type = type & ~JsonSchemaType.Null;
                return concrete;
            default:
                return schema;
        }
    }

    private static bool IsNull(IOpenApiSchema s) => s is OpenApiSchema { Type: JsonSchemaType.Null };
}
