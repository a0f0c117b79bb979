using System.Security.Claims;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class DatasetsEndpoints
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets").WithTags("Datasets").ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapGet("", ListDatasets).WithName("ListDatasets").WithSummary("Every dataset with samples, features, classes and availability (and how to get a missing one).");
        group.MapPost("", UploadDataset)
            .WithName("UploadDataset")
            .WithSummary("Upload a CSV (multipart form: file, name, labelColumn). Limits: 20 MB, 200,000 rows, 2,048 columns.")
            .DisableAntiforgery()
            .ProducesValidationProblem();
        group.MapDelete("/{name}", DeleteDataset)
            .WithName("DeleteDataset")
            .WithSummary("Delete an uploaded dataset (409 while a queued or running search uses it; built-in datasets cannot be deleted).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteDataset(string name, DatasetService datasets, ClaimsPrincipal user, CancellationToken ct) =>
        await datasets.DeleteAsync(name, Caller.Filter(user), ct) switch
        {
            DatasetDeletion.Deleted => TypedResults.NoContent(),
            DatasetDeletion.BuiltIn => JsonBody.Problem("name", $"'{name}' is a built-in dataset; only uploads can be deleted."),
            DatasetDeletion.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dataset not found", detail: $"No uploaded dataset is named '{name}'."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Dataset in use", detail: $"A queued or running search trains on '{name}'; cancel it or wait for it to finish."),
        };

    internal static async Task<Ok<IReadOnlyList<DatasetResponse>>> ListDatasets(DatasetService datasets, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DatasetResponse>>((await datasets.ListAsync(Caller.Filter(user), ct)).Select(ToResponse).ToList());

    internal static async Task<Results<Created<DatasetResponse>, ValidationProblem>> UploadDataset(HttpRequest request, ClaimsPrincipal user, DatasetService datasets, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return JsonBody.Problem("file", "Upload the CSV as multipart/form-data with fields 'file', 'name' and optionally 'labelColumn'.");
        }

        IFormCollection form;
        byte[] content = [];
        IFormFile? file;
        try
        {
            form = await request.ReadFormAsync(ct);
            file = form.Files["file"];
            if (file is not null && file.Length > DatasetService.Limits.MaxBytes)
            {
                return JsonBody.Problem("file", $"The file has {file.Length} bytes; the limit is {DatasetService.Limits.MaxBytes}.");
            }

            if (file is not null)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            // A multipart body cut off (IOException: unexpected end of stream), a body shorter than its
            // Content-Length, a broken chunked encoding or a stalled client (BadHttpRequestException),
            // bad multipart framing or a part over the form limits (InvalidDataException).
            return JsonBody.Problem("file", $"The upload could not be read: {ex.Message} (send one complete multipart/form-data body; limit {DatasetService.Limits.MaxBytes} bytes).");
        }

        if (Single(form, "name", out var name) is { } nameProblem)
        {
            return nameProblem;
        }

        if (Single(form, "labelColumn", out var labelColumn) is { } labelProblem)
        {
            return labelProblem;
        }

        try
        {
            var uploaded = await datasets.UploadAsync(name, labelColumn, file?.FileName, content, Caller.Owner(user), ct);
            return TypedResults.Created($"/api/datasets/{uploaded.Name}", ToResponse(uploaded));
        }
        catch (SpecValidationException ex)
        {
            return JsonBody.Problem(ex.Errors);
        }
    }

    /// <summary>A text field given at most once: its value, or null when the form lacks it.</summary>
    private static ValidationProblem? Single(IFormCollection form, string field, out string? value)
    {
        value = null;
        if (!form.TryGetValue(field, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            return JsonBody.Problem(field, $"'{field}' is given {values.Count} times; give it once.");
        }

        value = values.ToString();
        return null;
    }

    private static DatasetResponse ToResponse(DatasetListing d) => new(d.Name, d.Kind, d.Samples, d.Features, d.Classes, d.Available, d.Message, d.Description ?? "");
}
