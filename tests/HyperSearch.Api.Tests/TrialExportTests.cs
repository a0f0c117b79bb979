using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HyperSearch.Api.Endpoints;

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
