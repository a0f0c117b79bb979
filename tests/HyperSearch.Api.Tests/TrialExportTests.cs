using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HyperSearch.Api.Endpoints;
using HyperSearch.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>GET /api/searches/{id}/trials/export: every trial as RFC 4180 CSV or JSON lines, on both backends.</summary>
public abstract class TrialExportTests : BackendTests
{
    [Fact]
    public async Task Csv_HasOneRowPerTrial_WithHyperparameterColumns_AndQuotedLayerLists()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 2, space: """{ "learningRate": { "min": 0.01, "max": 1 }, "hiddenLayers": { "values": [[16, 8], [8, 4]] } }"""));
        await Api.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));

        var response = await Api.Http.GetAsync($"/api/searches/{id}/trials/export?format=csv");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var rows = ParseCsv(text);
        Assert.Equal(TrialExport.CsvColumns, rows[0]);
        Assert.Equal(4, rows.Count);
        var trials = await Api.TrialsAsync(id);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[0].Zip(rows[i]).ToDictionary(p => p.First, p => p.Second);
            var trial = trials.Single(t => t!["id"]!.GetValue<string>() == row["id"]);
            Assert.Equal(trial!["hyperparameters"]!["hiddenLayers"]!.ToJsonString(), row["hiddenLayers"]);
            Assert.Equal(trial["validationAccuracy"]!.GetValue<double>(), double.Parse(row["validationAccuracy"], System.Globalization.CultureInfo.InvariantCulture));
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
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        await Api.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/searches/{id}/trials/export");
        request.Headers.Accept.ParseAdd("application/x-ndjson");

        var response = await Api.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(id, JsonNode.Parse(l)!["searchId"]!.GetValue<string>()));
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
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        await Api.WaitForSearchAsync(id, TimeSpan.FromMinutes(2));
        var export = await Api.Http.GetStringAsync($"/api/searches/{id}/trials/export?format=csv");

        var alias = await Api.Http.GetAsync($"/api/searches/{id}/trials.csv");
        Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        Assert.Equal("text/csv", alias.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", alias.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(export, await alias.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/searches/{Guid.NewGuid()}/trials.csv")).StatusCode);

        foreach (var (accept, type) in new[]
        {
            ("text/csv", "text/csv"),
            ("text/csv, application/x-ndjson;q=0.5", "text/csv"),
            ("application/x-ndjson;q=0.2, text/csv;q=0.9", "text/csv"),
            ("application/x-ndjson;q=0", "text/csv"),
            ("text/csv;q=0.1, application/x-ndjson", "application/x-ndjson"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/searches/{id}/trials/export");
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await Api.Http.SendAsync(request);
            Assert.True(type == response.Content.Headers.ContentType?.MediaType, $"Accept: {accept} → {response.Content.Headers.ContentType}");
            if (type == "text/csv")
            {
                Assert.Equal(export, await response.Content.ReadAsStringAsync());
            }
        }
    }

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
