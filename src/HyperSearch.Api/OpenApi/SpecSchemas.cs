using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Search.Scheduling;
using Microsoft.OpenApi;
using static HyperSearch.Api.OpenApi.SchemaBuilder;

namespace HyperSearch.Api.OpenApi;

/// <summary>
/// The schemas of what the API carries as raw JSON (the search space, schedulers, a trial's
/// hyperparameters, the stored spec), built from the same definitions the parsers read: the parameter
/// registry (<see cref="Parameters"/>), the vocabularies and the scheduler limits. So a new parameter or
/// scheduler setting appears in the document without anyone editing it.
/// </summary>
internal static class SpecSchemas
{
    public const string SearchSpace = "SearchSpace";
    public const string Scheduler = "Scheduler";
    public const string Hyperparameters = "Hyperparameters";
    public const string ParameterValue = "ParameterValue";
    public const string StoredSearchSpec = "StoredSearchSpec";
    public const string FixedHyperparameters = "FixedHyperparameters";

    private static readonly HashSet<string> Own =
    [
        SearchSpace, Scheduler, Hyperparameters, FixedHyperparameters, ParameterValue, StoredSearchSpec, "NumericRange",
        "NoScheduler", "AshaScheduler", "MedianScheduler", "StoredDatasetSpec", "StoredRefineSpec", "StoredStageExtension", "StoredWarmStart",
    ];

    /// <summary>True for a schema this class builds (its required lists are already exact).</summary>
    public static bool IsOwn(string name) => Own.Contains(name);

    public static void AddTo(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        IOpenApiSchema Ref(string id) => new OpenApiSchemaReference(id, document);

        schemas[ParameterValue] = new OpenApiSchema
        {
            Type = JsonSchemaType.Number | JsonSchemaType.String | JsonSchemaType.Boolean | JsonSchemaType.Array,
            Items = Integer(),
            Description = "A value of a hyperparameter: a number, a string, a boolean or (hiddenLayers) an array of layer widths.",
        };
        schemas["Condition"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = OneOf("A value of the parent, or a list of them.", [Ref(ParameterValue), Array(Ref(ParameterValue), minItems: 1)]),
            Description = "\"when\": parent parameter → the value(s) under which this parameter applies; every listed parent must hold (docs/search-spec.md, \"Conditional parameters\").",
        };
        schemas["NumericRange"] = Object(
            [("min", Number()), ("max", Number()), ("scale", Enum(EnumNames<ParameterScale>.All, "linear or log; default: the parameter's (log for learningRate and regularization).")), ("when", Ref("Condition"))],
            ["min", "max"],
            description: "A range, both ends included; min < max. Int parameters need integral bounds.");
        schemas[SearchSpace] = Object(
            Parameters.All.Select(p => (p.Name, Domain(p, Ref("NumericRange"), Ref("Condition")))),
            description: "Parameter name → range { min, max, scale }, list { values: [...] } or fixed (bare) value (docs/search-spec.md). Parameters left out keep their defaults; depth/width cannot be combined with hiddenLayers.");

        // A base schema with the discriminator and one allOf subtype per kind: the inheritance form that
        // generators (Kiota, NSwag) map to a base class and subclasses; a bare oneOf with a discriminator
        // made Kiota 1.38 read "kind" as an enum of the wrapper and fail on every stage.
        schemas[Scheduler] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { ["kind"] = Enum(Schedulers.All.Names, "none, asha or median.") },
            Required = new HashSet<string> { "kind" },
            Discriminator = new OpenApiDiscriminator
            {
                PropertyName = "kind",
                Mapping = new Dictionary<string, OpenApiSchemaReference>
                {
                    [Schedulers.None] = new("NoScheduler", document),
                    [Schedulers.Asha] = new("AshaScheduler", document),
                    [Schedulers.Median] = new("MedianScheduler", document),
                },
            },
            Description = "When trials stop or are promoted. Stored and shown in canonical form (every setting explicit).",
        };
        OpenApiSchema Kind(string description, params (string Name, IOpenApiSchema Schema)[] settings) => new()
        {
            AllOf = [Ref(Scheduler), Object(settings, closed: false)],
            Description = description,
        };
        schemas["NoScheduler"] = Kind("Every trial trains its full epochs.");
        schemas["AshaScheduler"] = Kind(
            "Asynchronous successive halving (Li et al. 2020).",
            ("minEpochs", Integer(1, AshaSpec.MaxEpochsLimit, $"Rung 0: every configuration trains this long. Default {AshaSpec.DefaultMinEpochs}.")),
            ("maxEpochs", Integer(1, AshaSpec.MaxEpochsLimit, "Of a trial promoted through every rung. Default: the stage's epochs.")),
            ("reduction", Integer(2, AshaSpec.MaxReduction, $"Each rung keeps the best 1/η and trains η× longer. Default {AshaSpec.DefaultReduction}.")),
            ("epochBudget", Integer(1, AshaSpec.MaxEpochBudget, "The most epochs the stage trains in all; trials is then the most configurations it starts (those the budget leaves out end pruned, untrained). Default: no limit.")));
        schemas["MedianScheduler"] = Kind(
            "Median stopping (Golovin et al. 2017): a trial below the median of the others at the same epoch ends pruned.",
            ("warmupEpochs", Integer(0, MedianStoppingSpec.MaxWarmupEpochs, $"The rule acts from this epoch on. Default {MedianStoppingSpec.DefaultWarmupEpochs}.")),
            ("minTrials", Integer(1, MedianStoppingSpec.MaxMinTrials, $"It acts once this many other trials reached the epoch. Default {MedianStoppingSpec.DefaultMinTrials}.")));

        schemas[Hyperparameters] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = Parameters.Stored.ToDictionary(p => p.Name, p => (IOpenApiSchema)Value(p)),
            Required = new HashSet<string>(Parameters.Stored.Where(p => p.Condition is null).Select(p => p.Name)),
            Description = "A trial's configuration: every stored registry parameter active in it (a conditional one — momentum under adam — is left out; depth/width are stored as the hiddenLayers they compose). A queued TPE trial is {} until proposed.",
        };

        schemas[FixedHyperparameters] = Object(
            Parameters.All.Where(p => p.Name is not ("learningRate" or "learningRateDecay" or "decayRate")).Select(p => (p.Name, (IOpenApiSchema)Value(p))),
            description: "One model's settings as a search space's bare values (every parameter optional, at its default when left out); the learning rate and its decay are the range test's own.");

        schemas["StoredDatasetSpec"] = Object(
            [
                ("name", Of(JsonSchemaType.String)),
                ("trainSize", Nullable(Integer(1))),
                ("validationSize", Nullable(Integer(1))),
                ("preprocessing", Enum(Preprocessings.All.Names)),
                ("split", Nullable(Enum(Splits.All.Names))),
            ],
            ["name", "trainSize", "validationSize", "preprocessing", "split"],
            closed: false);
        schemas["StoredRefineSpec"] = Object(
            [
                ("stages", Integer(1)),
                ("topK", Integer(1)),
                ("trials", Integer(0)),
                ("gridPoints", Nullable(Integer(1))),
                ("epochs", Integer(1)),
                ("scheduler", Nullable(Ref(Scheduler))),
            ],
            ["stages", "topK", "trials", "gridPoints", "epochs"],
            closed: false);
        schemas["StoredWarmStart"] = Object(
            [("searchId", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" })],
            ["searchId"],
            closed: false,
            description: "The earlier search this one was warm-started from.");
        schemas["StoredStageExtension"] = Object(
            [
                ("stage", Integer(2)),
                ("strategy", Enum(Strategies.All.Names)),
                ("trials", Integer(0)),
                ("gridPoints", Nullable(Integer(1))),
                ("epochs", Integer(1)),
                ("topK", Integer(1)),
                ("space", Nullable(Ref(SearchSpace))),
                ("scheduler", Nullable(Ref(Scheduler))),
            ],
            ["stage", "strategy", "trials", "gridPoints", "epochs", "topK"],
            closed: false,
            description: "A stage added after the submit (POST /api/searches/{id}/stages); space is null when it refines the previous stage's.");
        schemas[StoredSearchSpec] = Object(
            [
                ("name", Of(JsonSchemaType.String)),
                ("seed", Integer(0)),
                ("dataset", Ref("StoredDatasetSpec")),
                ("strategy", Enum(Strategies.All.Names)),
                ("trials", Integer(0)),
                ("gridPoints", Nullable(Integer(1))),
                ("epochs", Integer(1)),
                ("space", Ref(SearchSpace)),
                ("refine", Nullable(Ref("StoredRefineSpec"))),
                ("overfitGap", Number(0, 1)),
                ("sanityChecks", Of(JsonSchemaType.Boolean)),
                ("sanityGate", Of(JsonSchemaType.Boolean)),
                ("pruneOn", Nullable(Array(Enum(Engine.TrainingDiagnosis.Prunable)))),
                ("gridPointsPerParameter", Nullable(new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Integer() })),
                ("scheduler", Nullable(Ref(Scheduler))),
                ("warmStart", Nullable(Ref("StoredWarmStart"))),
                ("extensions", Nullable(Array(Ref("StoredStageExtension")))),
            ],
            ["name", "seed", "dataset", "strategy", "trials", "gridPoints", "epochs", "space", "refine", "overfitGap", "sanityChecks"],
            closed: false,
            description: "The spec as the server stored it: every default filled in.");
    }

    /// <summary>The forms one parameter may take in a space: range (numbers), list, or bare value.</summary>
    private static IOpenApiSchema Domain(ParameterDefinition p, IOpenApiSchema range, IOpenApiSchema condition)
    {
        var value = Value(p);
        var list = Object([("values", Array(Value(p), minItems: 1)), ("when", condition)], ["values"], description: "Each value is tried (grid) or drawn with equal probability.");
        if (p.Kind is not (ParameterKind.Float or ParameterKind.Int))
        {
            return OneOf(p.Description, [list, value]);
        }

        // "byOptimizer": {"adam": {…}, "sgd_momentum": {…}} — one range (or value) per value of a categorical parent.
        var perCase = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = OneOf("The range or value for this parent value.", [range, Value(p)]) };
        var perChoice = Object(
            Parameters.All.Where(q => !q.IsDerived && q.Kind is ParameterKind.String or ParameterKind.Bool or ParameterKind.Int && q.Name != p.Name)
                .Select(q => (PerChoiceDistribution.KeyFor(q.Name), (IOpenApiSchema)perCase))
                .Append(("when", condition)),
            description: "A range per value of another parameter, keyed by<Parameter> (e.g. byOptimizer); one such key, and a case for every value the parent takes.");
        perChoice.MinProperties = 1;
        // anyOf, not oneOf: the object forms have no discriminator (ranges, lists and per-choice objects are told apart by their keys).
        if (p.Name == Parameters.LearningRate.Name)
        {
            // "auto": stage 1's range from the learning-rate range test at Start (docs/search-spec.md).
            var auto = Enum([Service.Execution.AutoLearningRate.Keyword], "Stage 1's range comes from the learning-rate range test on its first architecture, run when the search starts.");
            return AnyOf(p.Description, [range, list, perChoice, value, auto]);
        }

        return AnyOf(p.Description, [range, list, perChoice, value]);
    }

    /// <summary>One value of a parameter, with its hard limits or allowed values.</summary>
    private static OpenApiSchema Value(ParameterDefinition p)
    {
        switch (p.Kind)
        {
            case ParameterKind.Float:
                return Number(p.Bounds?.Min, p.Bounds?.Max, p.Bounds?.MinExclusive ?? false, p.Bounds?.MaxExclusive ?? false);
            case ParameterKind.Int:
                return Integer((long?)p.Bounds?.Min, (long?)p.Bounds?.Max);
            case ParameterKind.String:
                return Enum(p.AllowedStrings ?? []);
            case ParameterKind.Bool:
                return Of(JsonSchemaType.Boolean);
            default:
                var width = Parameters.Width.Bounds!;
                var depth = Parameters.Depth.Bounds!;
                return Array(Integer((long)width.Min, (long)width.Max), (int)depth.Min, (int)depth.Max, "Hidden-layer widths, input side first; [] is a linear softmax classifier.");
        }
    }
}
