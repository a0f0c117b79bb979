namespace HyperSearch.Api.Contracts;

/// <summary>One setting of a scheduler kind: its default (null = the stage's epochs) and its bounds.</summary>
public sealed record SchedulerSettingSchema(string Name, string Label, int? Default, int Min, int Max, string Description);
