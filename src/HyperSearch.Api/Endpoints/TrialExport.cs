using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperSearch.Api.Contracts;
using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Net.Http.Headers;

namespace HyperSearch.Api.Endpoints;

/// <summary>
/// Writes every trial of a search as CSV (RFC 4180: CRLF rows, fields with a comma, quote or line break
/// quoted, quotes doubled) or as JSON lines, one page of the store at a time, so a 10,000-trial export
/// never holds more than one page in memory.
/// </summary>
public static class TrialExport
{
    public const string Csv = "csv";
    public const string Json = "json";
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonLinesContentType = "application/x-ndjson; charset=utf-8";

    public static readonly IReadOnlyList<string> Formats = [Csv, Json];

    /// <summary>The CSV header: trial identity and progress, one column per stored hyperparameter, then the metrics.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "id", "stage", "index", "status", "epochs", "epochsTrained", "rung",
        .. Parameters.Stored.Select(p => p.Name),
        "trainAccuracy", "validationAccuracy", "accuracyGap", "overfit", "trainLoss", "validationLoss", "initialLoss",
        "durationSeconds", "seed", "attempts", "worker", "createdAt", "startedAt", "completedAt", "error", "labels",
    ];

    /// <summary>JSON lines' media types: the registered-in-practice one and the two other common spellings.</summary>
    private static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines"];

    /// <summary>
    /// The format an Accept header asks for, by quality (RFC 9110 §12.5.1): the highest-q of text/csv and
    /// the JSON-lines types wins (CSV on a tie); none of them named, or every one at q=0, is CSV.
    /// </summary>
    public static string Negotiate(IList<MediaTypeHeaderValue> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        double csv = -1, json = -1;
        foreach (var type in accept)
        {
            var q = type.Quality ?? 1;
            if (type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                csv = Math.Max(csv, q);
            }
            else if (JsonLinesTypes.Any(t => type.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)))
            {
                json = Math.Max(json, q);
            }
        }

        return json > 0 && json > csv ? Json : Csv;
    }

    public static async Task WriteAsync(ISearchStore store, Guid searchId, string format, Stream body, int pageSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            if (format == Csv)
            {
                await writer.WriteAsync(string.Join(',', CsvColumns) + "\r\n");
            }

            var line = new StringBuilder();
            for (var offset = 0; ; offset += pageSize)
            {
                var page = await store.GetTrialsAsync(searchId, new TrialQuery(Sort: TrialSort.Index, Offset: offset, Limit: pageSize), ct);
                foreach (var trial in page.Items)
                {
                    line.Clear();
                    if (format == Csv)
                    {
                        CsvRow(trial, line);
                    }
                    else
                    {
                        line.Append(JsonSerializer.Serialize(TrialResponse.From(trial), JsonLines)).Append('\n');
                    }

                    await writer.WriteAsync(line, ct);
                }

                // Hand each page to the client before reading the next.
                await writer.FlushAsync(ct);
                if (page.Items.Count < pageSize)
                {
                    return;
                }
            }
        }
    }

    private static readonly JsonSerializerOptions JsonLines = CreateJsonLines();

    private static JsonSerializerOptions CreateJsonLines()
    {
        var o = new JsonSerializerOptions();
        Hosting.ApiHostingExtensions.ConfigureJson(o);
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    internal static void CsvRow(TrialRecord t, StringBuilder row)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(row);
        var fields = new List<string?>(CsvColumns.Count)
        {
            t.Id.ToString(), Int(t.Stage), Int(t.Index), EnumNames<TrialStatus>.Of(t.Status), Int(t.Epochs), Int(t.EpochsTrained), t.Rung is { } r ? Int(r) : null,
        };
        using (var hp = JsonDocument.Parse(t.HyperparametersJson))
        {
            foreach (var p in Parameters.Stored)
            {
                fields.Add(hp.RootElement.TryGetProperty(p.Name, out var v) ? Value(v) : null);
            }
        }

        fields.AddRange(
        [
            Real(t.TrainAccuracy), Real(t.ValidationAccuracy), Real(t.AccuracyGap), t.Overfit is { } o ? (o ? "true" : "false") : null,
            Real(t.TrainLoss), Real(t.ValidationLoss), Real(t.InitialLoss), Real(t.DurationSeconds), Int(t.Seed), Int(t.Attempts), t.Worker,
            Time(t.CreatedAt), Time(t.StartedAt), Time(t.CompletedAt), t.Error,
            string.Join(' ', TrialDiagnoses.Read(t.DiagnosisJson).Select(l => l.Label)),
        ]);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            AppendField(row, fields[i]);
        }

        row.Append("\r\n");
    }

    /// <summary>RFC 4180 §2.6–2.7: a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled.</summary>
    internal static void AppendField(StringBuilder row, string? value)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            row.Append(value);
            return;
        }

        row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    // Strings as text, numbers and booleans as JSON writes them, arrays (hiddenLayers) as compact JSON
    // (re-written, not the raw text: PostgreSQL's jsonb stores "[8, 4]" with a space).
    private static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Null => "",
        JsonValueKind.Array or JsonValueKind.Object => JsonSerializer.Serialize(v),
        _ => v.GetRawText(),
    };

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string? Real(double? v) => WireNumbers.Finite(v)?.ToString("R", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? v) => v?.ToString("O", CultureInfo.InvariantCulture);
}
