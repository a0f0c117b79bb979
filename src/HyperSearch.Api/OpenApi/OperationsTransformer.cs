using System.Text.Json.Nodes;
using HyperSearch.Api.Endpoints;
using HyperSearch.Core;
using HyperSearch.Storage;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HyperSearch.Api.OpenApi;

/// <summary>
/// Per operation: what each error status means, the query parameters' limits and vocabularies (the
/// same the endpoints check), and an example request body for the submit operations.
/// </summary>
internal sealed class OperationsTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> StatusDescriptions = new()
    {
        ["200"] = "OK",
        ["201"] = "Created; Location names the new resource.",
        ["204"] = "Deleted.",
        ["400"] = "The request is invalid: problem details whose errors map each bad field (JSON path or query parameter) to its messages.",
        ["404"] = "No resource has that id or name (problem details).",
        ["409"] = "The resource is in use (problem details).",
        ["500"] = "An unexpected server error (problem details; the server log has the cause).",
        ["503"] = "The store or the job queue does not answer; the body says which.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse concrete && StatusDescriptions.TryGetValue(status, out var text))
            {
                concrete.Description = text;
            }
        }

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            Describe(parameter);
        }

        if (operation.OperationId is "CreateSearch" or "CreateComparison" or "FindLearningRate"
            && operation.RequestBody?.Content is { } content
            && content.TryGetValue("application/json", out var json)
            && json is OpenApiMediaType media)
        {
            media.Example = JsonNode.Parse(operation.OperationId switch
            {
                "CreateSearch" => Examples.Search,
                "CreateComparison" => Examples.Comparison,
                _ => Examples.LearningRateFinder,
            });
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiParameter parameter)
    {
        if (parameter.In != ParameterLocation.Query || parameter.Schema is not OpenApiSchema schema)
        {
            return;
        }

        switch (parameter.Name)
        {
            case "offset":
                schema.Minimum = "0";
                parameter.Description = "Items to skip.";
                break;
            case "limit":
                schema.Minimum = "1";
                schema.Maximum = SearchesEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Description = "Items per page.";
                break;
            case "stage":
                schema.Minimum = "1";
                parameter.Description = "Only this stage (1 = the coarse stage).";
                break;
            case "status":
                Enum(schema, EnumNames<TrialStatus>.All);
                parameter.Description = "Only trials with this status (one name, exactly).";
                break;
            case "sort":
                Enum(schema, EnumNames<TrialSort>.All);
                parameter.Description = "Sort key; null values sort last either way, ties by stage and index.";
                break;
            case "order":
                Enum(schema, ["asc", "desc"]);
                parameter.Description = "Sort direction (default asc).";
                break;
            case "overfit":
                parameter.Description = "Only trials whose overfit flag is this.";
                break;
            case "label":
                Enum(schema, Engine.TrainingDiagnosis.Labels);
                parameter.Description = "Only trials diagnosed with this label (docs/dashboard.md#diagnosis-labels).";
                break;
            case "target":
                parameter.Description = "Validation accuracy to count trialsToTarget against.";
                break;
            case "format":
                Enum(schema, TrialExport.Formats);
                parameter.Description = "csv (RFC 4180, one row per trial) or json (JSON lines: one trial object per line). Default: csv, or what Accept asks for.";
                break;
            default:
                break;
        }
    }

    private static void Enum(OpenApiSchema schema, IEnumerable<string> values)
    {
        schema.Type = JsonSchemaType.String;
        schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
    }
}
