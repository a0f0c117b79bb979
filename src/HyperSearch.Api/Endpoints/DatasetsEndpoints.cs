using HyperSearch.Api.Contracts;
using HyperSearch.Data;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class DatasetsEndpoints
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets").WithTags("Datasets");
        group.MapGet("", ListDatasets).WithName("ListDatasets").WithSummary("Every dataset with samples, features, classes and availability (and how to get a missing one).");
        group.MapPost("", UploadDataset)
            .WithName("UploadDataset")
            .WithSummary("Upload a CSV (multipart form: file, name, labelColumn). Limits: 20 MB, 200,000 rows, 2,048 columns.")
            .DisableAntiforgery()
            .ProducesValidationProblem();
        group.MapDelete("/{name}", DeleteDataset)
            .WithName("DeleteDataset")
            .WithSummary("Delete an uploaded dataset (409 while a queued or running search uses it; built-in datasets cannot be deleted).");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteDataset(
        string name, ISearchStore store, DatasetCache cache, CancellationToken ct)
    {
        if (DatasetCatalog.BuiltInNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return JsonBody.Problem("name", $"'{name}' is a built-in dataset; only uploads can be deleted.");
        }

        if (await store.GetDatasetAsync(name, ct) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dataset not found", detail: $"No uploaded dataset is named '{name}'.");
        }

        if (!await store.TryRemoveDatasetAsync(name, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Dataset in use", detail: $"A queued or running search trains on '{name}'; cancel it or wait for it to finish.");
        }

        // This process drops its parsed copy; other worker processes drop theirs when they restart.
        cache.Evict(name);
        cache.Catalog.RemoveUpload(name);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<DatasetResponse>>> ListDatasets(DatasetProvider datasets, ISearchStore store, CancellationToken ct)
    {
        var list = datasets.Catalog.List()
            .Select(d => new DatasetResponse(d.Name, d.Kind.ToString().ToLowerInvariant(), d.Samples, d.Features, d.Classes, d.Available, d.Message, d.Description))
            .ToList();
        foreach (var d in await store.ListDatasetsAsync(ct))
        {
            if (list.All(x => x.Name != d.Name))
            {
                list.Add(new DatasetResponse(d.Name, "csv", d.Samples, d.Features, d.Classes, true, null, $"Uploaded CSV ({d.Bytes} bytes, label column '{d.LabelColumn}')."));
            }
        }

        return TypedResults.Ok<IReadOnlyList<DatasetResponse>>(list);
    }

    internal static async Task<Results<Created<DatasetResponse>, ValidationProblem>> UploadDataset(
        HttpRequest request, ISearchStore store, TimeProvider time, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return JsonBody.Problem("file", "Upload the CSV as multipart/form-data with fields 'file', 'name' and optionally 'labelColumn'.");
        }

        var limits = CsvLimits.Default;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return JsonBody.Problem("file", $"The upload could not be read: {ex.Message} (limit {limits.MaxBytes} bytes).");
        }

        var name = form["name"].ToString().Trim().ToLowerInvariant();
        var labelColumn = form["labelColumn"].ToString() is { Length: > 0 } l ? l : CsvDatasetParser.DefaultLabelColumn;
        if (!DatasetCatalog.IsValidUploadName(name, out var nameError))
        {
            return JsonBody.Problem("name", nameError!);
        }

        var file = form.Files["file"];
        if (file is null || file.Length == 0)
        {
            return JsonBody.Problem("file", "Attach the CSV as the form field 'file'.");
        }

        if (file.Length > limits.MaxBytes)
        {
            return JsonBody.Problem("file", $"The file has {file.Length} bytes; the limit is {limits.MaxBytes}.");
        }

        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        RawDataset parsed;
        try
        {
            parsed = CsvDatasetParser.Parse(bytes, labelColumn, limits, file.FileName);
        }
        catch (DatasetFormatException ex)
        {
            return JsonBody.Problem("file", ex.Message);
        }

        var record = new DatasetRecord(Guid.NewGuid(), name, labelColumn, parsed.Count, parsed.FeatureCount, parsed.ClassCount, bytes.Length, time.GetUtcNow(), bytes);
        if (!await store.TryAddDatasetAsync(record, ct))
        {
            return JsonBody.Problem("name", $"A dataset named '{name}' exists or existed (names of deleted uploads are not reused, so no worker can train on a stale copy); choose another name.");
        }

        return TypedResults.Created(
            $"/api/datasets/{name}",
            new DatasetResponse(name, "csv", parsed.Count, parsed.FeatureCount, parsed.ClassCount, true, null, $"Uploaded CSV ({bytes.Length} bytes, label column '{labelColumn}')."));
    }
}
