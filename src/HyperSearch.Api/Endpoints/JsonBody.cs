using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

/// <summary>
/// Reads a JSON request body ourselves (not by model binding) so that malformed JSON, a wrong content
/// type, an oversize, deeper than 32 or incomplete body, a duplicate key, a lone surrogate escape or a
/// NUL character (see <see cref="JsonTextCheck"/>) become 400 problem details that say exactly what is
/// wrong and where.
/// </summary>
internal static class JsonBody
{
    public const int MaxDepth = 32;

    public static async Task<(JsonDocument? Document, ValidationProblem? Problem)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, Problem("body", $"The request body has {request.ContentLength} bytes; the limit is {maxBytes}."));
        }

        // No Content-Type is refused too: a cross-site page can send a typeless body (a Blob) without a preflight.
        // (A wrong one never gets here: the endpoints' Accepts("application/json") makes routing answer 415.)
        if (request.ContentType is null && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            return (null, Problem("body", "Send the spec as JSON with the header Content-Type: application/json."));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem("body", $"Send the spec as JSON (Content-Type: application/json), not '{type}'."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Problem("body", $"The request body is larger than the limit of {maxBytes} bytes."));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's: a body shorter than its Content-Length, a broken chunked encoding, a read that timed out.
            return (null, Problem("body", $"The request body could not be read: {ex.Message}"));
        }

        if (buffer.Length == 0)
        {
            return (null, Problem("body", "The request body is empty; send a JSON search spec."));
        }

        var bytes = buffer.ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return (null, Problem("body", $"Malformed JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message.Split(" Path:")[0]}"));
        }

        var problems = JsonTextCheck.Check(bytes, MaxDepth);
        if (problems.Count > 0)
        {
            document.Dispose();
            return (null, Problem(problems));
        }

        return (document, null);
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is invalid.");

    public static ValidationProblem Problem(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value), title: "The request is invalid.");
}
