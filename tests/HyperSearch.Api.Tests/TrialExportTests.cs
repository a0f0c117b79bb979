using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HyperSearch.Api.Endpoints;
using HyperSearch.Client.Api.Searches.Item.Trials.Export;
using ProblemDetails = HyperSearch.Client.Models.ProblemDetails;
using HyperSearch.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace HyperSearch.Api.Tests;

/// <summary>GET /api/searches/{id}/trials/export: every trial as RFC 4180 CSV or JSON lines, on both backends.</summary>
public abstract class TrialExportTests : BackendTests
{
    [Fact]
    public async Task Csv_HasOneRowPerTrial_WithHyperparameterColumns_AndQuotedLayerLists()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 3, epochs: 2, space: """{ "learningRate": { "min": 0.01, "max": 1 }, "hiddenLayers": { "values": [[16, 8], [8, 4]] } }"""));
        await Client.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));

        var headers = ClientApi.InspectResponseHeaders();
        var text = await ReadAsync(await Client.Client.Api.Searches[id].Trials.Export.GetAsync(c =>
        {
            c.QueryParameters.Format = GetFormatQueryParameterType.Csv;
            c.Options.Add(headers);
        }));

        Assert.Equal("text/csv", MediaType(headers));
        Assert.Equal("attachment", Disposition(headers));
        var rows = ParseCsv(text);
        Assert.Equal(TrialExport.CsvColumns, rows[0]);
        Assert.Equal(4, rows.Count);
        var trials = await Client.TrialsAsync(id);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[0].Zip(rows[i]).ToDictionary(p => p.First, p => p.Second);
            var trial = trials.Single(t => t.Id.ToString() == row["id"]);
            Assert.Equal($"[{string.Join(',', trial.Hyperparameters!.HiddenLayers!)}]", row["hiddenLayers"]);
            Assert.Equal(trial.ValidationAccuracy!.Value, double.Parse(row["validationAccuracy"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("completed", row["status"]);
            Assert.Equal("1", row["stage"]);
        }

        // The layer list holds a comma, so the raw text quotes it.
        Assert.Contains(",\"[16,8]\",", text.Replace("\"[8,4]\"", "\"[16,8]\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_AreTheTrials_OnePerLine_AndAcceptSelectsThem()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        await Client.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));

        var headers = ClientApi.InspectResponseHeaders();
        var text = await ReadAsync(await Client.Client.Api.Searches[id].Trials.Export.GetAsync(c =>
        {
            c.Headers.Add("Accept", "application/x-ndjson");
            c.Options.Add(headers);
        }));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", MediaType(headers));
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(id.ToString(), JsonNode.Parse(l)!["searchId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task UnknownSearch_Is404Problem_AndUnknownFormat_Is400NamingIt()
    {
        var missing = await Api.Http.GetAsync($"/api/searches/{Guid.NewGuid()}/trials/export");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var id = await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));
        var bad = await Api.Http.GetAsync($"/api/searches/{id}/trials/export?format=xml");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await HyperSearch.Api.Tests.Api.ReadJsonAsync(bad))["errors"]!["format"]);
    }

    [Fact]
    public async Task TrialsCsv_IsTheCsvExport_AndAcceptTextCsv_WinsOverALowerQualityJsonLines()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        await Client.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));
        var export = await ReadAsync(await Client.Client.Api.Searches[id].Trials.Export.GetAsync(c => c.QueryParameters.Format = GetFormatQueryParameterType.Csv));

        var headers = ClientApi.InspectResponseHeaders();
        var alias = await ReadAsync(await Client.Client.Api.Searches[id].TrialsCsv.GetAsync(c => c.Options.Add(headers)));
        Assert.Equal("text/csv", MediaType(headers));
        Assert.Equal("attachment", Disposition(headers));
        Assert.Equal(export, alias);
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => Client.Client.Api.Searches[Guid.NewGuid()].TrialsCsv.GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);

        foreach (var (accept, type) in new[]
        {
            ("text/csv", "text/csv"),
            ("text/csv, application/x-ndjson;q=0.5", "text/csv"),
            ("application/x-ndjson;q=0.2, text/csv;q=0.9", "text/csv"),
            ("application/x-ndjson;q=0", "text/csv"),
            ("text/csv;q=0.1, application/x-ndjson", "application/x-ndjson"),
        })
        {
            var negotiated = ClientApi.InspectResponseHeaders();
            var body = await ReadAsync(await Client.Client.Api.Searches[id].Trials.Export.GetAsync(c =>
            {
                c.Headers.Add("Accept", accept);
                c.Options.Add(negotiated);
            }));
            Assert.True(type == MediaType(negotiated), $"Accept: {accept} → {MediaType(negotiated)}");
            if (type == "text/csv")
            {
                Assert.Equal(export, body);
            }
        }
    }

    private static async Task<string> ReadAsync(Stream? body)
    {
        Assert.NotNull(body);
        await using (body)
        {
            using var reader = new StreamReader(body);
            return await reader.ReadToEndAsync();
        }
    }

    private static string? MediaType(HeadersInspectionHandlerOption headers) =>
        headers.ResponseHeaders.TryGetValue("Content-Type", out var values) ? MediaTypeHeaderValue.Parse(string.Join(", ", values)).MediaType : null;

    private static string? Disposition(HeadersInspectionHandlerOption headers) =>
        headers.ResponseHeaders.TryGetValue("Content-Disposition", out var values) ? ContentDispositionHeaderValue.Parse(string.Join(", ", values)).DispositionType : null;

    /// <summary>
    /// 10,000 trials (written through the store, as workers would) export one store page at a time: the
    /// client has the header and the first page's 1,000 rows while the export's read of the second page is
    /// held back, so the response starts before the query ends and no more than a page is in memory.
    /// </summary>
    [Fact]
    public async Task TenThousandTrials_StreamPageByPage_FromTrialsCsv()
    {
        const int count = 10_000;
        var store = App.Services.GetRequiredService<ISearchStore>();
        var searchId = await SeedCompletedSearchAsync(store, count);
        var secondPageAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pagesRead = 0;
        var hooks = new Dictionary<string, Func<object?[], Task>>
        {
            [nameof(ISearchStore.GetTrialsAsync)] = async args =>
            {
                if ((Guid)args[0]! == searchId && Interlocked.Increment(ref pagesRead) == 2)
                {
                    secondPageAsked.TrySetResult();
                    await release.Task;
                }
            },
        };
        await using var gated = App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(ISearchStore)).ImplementationFactory!;
            services.AddSingleton(sp => HookedStore.Wrap((ISearchStore)real(sp), hooks));
        }));
        using var http = gated.CreateClient();

        using var response = await http.GetAsync($"/api/searches/{searchId}/trials.csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var firstPage = new List<string>();
        for (var i = 0; i <= SearchesEndpoints.MaxPageSize; i++)
        {
            firstPage.Add(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException($"the body ended after {i} lines"));
        }

        await secondPageAsked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Volatile.Read(ref pagesRead));
        Assert.Equal(string.Join(',', TrialExport.CsvColumns), firstPage[0]);
        release.SetResult();
        var rest = await reader.ReadToEndAsync();

        var rows = ParseCsv(string.Join("\r\n", firstPage) + "\r\n" + rest);
        Assert.Equal(count + 1, rows.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[2]));
        Assert.Equal(count, rows.Skip(1).Select(r => r[0]).Distinct().Count());
        Assert.Equal(count / SearchesEndpoints.MaxPageSize + 1, Volatile.Read(ref pagesRead));
    }

    private static async Task<Guid> SeedCompletedSearchAsync(ISearchStore store, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var search = new SearchRecord(Guid.NewGuid(), "10,000 trials", "random", SearchStatus.Completed, Specs.Random(trials: count, epochs: 1), 1, "spiral", 0.1, 1, null, now);
        var stage = new StageRecord(search.Id, 1, "{}", count, 1, now);
        var trials = Enumerable.Range(0, count).Select(i => new TrialRecord(
            Guid.NewGuid(), search.Id, 1, i, TrialStatus.Completed,
            $$"""{"learningRate":{{(0.001 * (i + 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}},"hiddenLayers":[16,8]}""",
            i, 1, now, TrainAccuracy: 0.9, ValidationAccuracy: 0.8, AccuracyGap: 0.1, Overfit: false, EpochsTrained: 1, CompletedAt: now)).ToList();
        await store.CreateSearchAsync(search, stage, trials, CancellationToken.None);
        return search.Id;
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("", "")]
    public void Field_IsQuotedPerRfc4180(string value, string expected)
    {
        var row = new StringBuilder();
        TrialExport.AppendField(row, value);
        Assert.Equal(expected, row.ToString());
        Assert.Equal(value, ParseCsv(expected + "\r\n")[0][0]);
    }

    /// <summary>A strict RFC 4180 reader: quoted fields may hold commas, CRLF and doubled quotes.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "the last row has no CRLF");
        return rows;
    }
}

public sealed class SqliteTrialExportTests : TrialExportTests;

public sealed class PostgresTrialExportTests : TrialExportTests
{
    protected override bool UsePostgres => true;
}
