using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>Issue 12, bounded work: the uploads' total byte quota (HyperSearch:MaxUploadTotalBytes), on SQLite and PostgreSQL.</summary>
public abstract class HardeningUploadQuotaTests : InputBackendTests
{
    // 40 rows of "i,label": about 300 bytes each upload; the quota holds two.
    private static readonly string Csv = "a,label\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["HyperSearch:MaxUploadTotalBytes"] = (2 * Encoding.UTF8.GetByteCount(Csv) + 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task AnUploadPastTheTotalQuota_IsA400OnFile_UntilAnUploadIsDeleted()
    {
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("one")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("two")).StatusCode);

        var errors = await AssertProblemNamingAsync(await UploadAsync("three"), "file");
        Assert.Contains("quota", errors["file"]![0]!.GetValue<string>());
        Assert.DoesNotContain((await Api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "three");

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync("/api/datasets/one")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync("four")).StatusCode);
    }

    private async Task<HttpResponseMessage> UploadAsync(string name)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "d.csv" },
        };
        return await Api.Http.PostAsync("/api/datasets", form);
    }
}

public sealed class SqliteHardeningUploadQuotaTests : HardeningUploadQuotaTests;

public sealed class PostgresHardeningUploadQuotaTests : HardeningUploadQuotaTests
{
    protected override bool UsePostgres => true;
}
