namespace HyperSearch.Api.Contracts;

/// <summary>
/// What a client (the dashboard's form, a generated client, a CLI) needs to write a valid spec: every
/// hyperparameter of the registry and every vocabulary, as the server itself reads them.
/// </summary>
public sealed record SchemaResponse(
    IReadOnlyList<ParameterSchema> Parameters,
    IReadOnlyList<string> Strategies,
    IReadOnlyList<string> Schedulers,
    IReadOnlyDictionary<string, IReadOnlyList<SchedulerSettingSchema>> SchedulerSettings,
    IReadOnlyList<string> Preprocessing,
    string DefaultPreprocessing,
    IReadOnlyList<string> Splits,
    IReadOnlyList<string> SearchStatuses,
    IReadOnlyList<string> TrialStatuses,
    SchemaLimits Limits,
    IReadOnlyList<string> DiagnosisLabels);
