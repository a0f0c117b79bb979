using System.Text.Json.Nodes;

namespace HyperSearch.Api.Contracts;

/// <summary>The parameter applies only while <see cref="Parameter"/> takes one of <see cref="Values"/>.</summary>
public sealed record ParameterConditionSchema(string Parameter, IReadOnlyList<JsonNode> Values);
