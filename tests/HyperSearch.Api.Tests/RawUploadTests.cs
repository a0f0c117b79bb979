using System.Text;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Broken upload requests written byte by byte to a real Kestrel socket: a multipart body cut off
/// inside the file, a body shorter than its Content-Length, and malformed chunked encodings each get a
/// 400 problem-details answer (not a 500, not a dropped connection), and nothing is stored.
/// </summary>
public sealed class RawUploadTests : IAsyncLifetime
{
    private const string Boundary = "hs-boundary-7f3a";
    private readonly HyperSearchApp _app = new(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
    private int _port;

    public Task InitializeAsync()
    {
        _port = RawHttp.StartOnLoopback(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MultipartCutOffInsideTheFile_Is400()
    {
        var whole = Multipart("cut");
        var cut = whole[..(whole.Length / 2)]; // inside the file part; no closing boundary
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {cut.Length}";

        var response = await RawHttp.SendAsync(_port, head, cut);

        await AssertUploadRefusedAsync(response, "cut");
    }

    [Fact]
    public async Task MultipartCutOffInsideThePartHeaders_Is400()
    {
        var whole = Multipart("hdr");
        var text = Encoding.ASCII.GetString(whole);
        var cut = whole[..(text.IndexOf("filename=", StringComparison.Ordinal) + 3)];
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {cut.Length}";

        var response = await RawHttp.SendAsync(_port, head, cut);

        await AssertUploadRefusedAsync(response, "hdr");
    }

    [Fact]
    public async Task BodyShorterThanItsContentLength_Is400_WhenTheClientStalls()
    {
        // The client promises 500 bytes more than it sends and then waits: Kestrel's minimum request
        // body data rate (240 B/s after a 5 s grace period) ends the read, and the answer is a 400.
        var body = Multipart("short");
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {body.Length + 500}";

        var response = await RawHttp.SendAsync(_port, head, body);

        await AssertUploadRefusedAsync(response, "short");
    }

    [Fact]
    public async Task JsonBodyShorterThanItsContentLength_Is400_WhenTheClientStalls()
    {
        var body = Encoding.UTF8.GetBytes("""{ "dataset": "spiral", "trials": 1 }""");
        var head = $"POST /api/searches HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: {body.Length + 100}";

        var response = await RawHttp.SendAsync(_port, head, body);

        AssertProblem(response, "body");
        Assert.Equal(0, await SearchCountAsync());
    }

    [Fact]
    public async Task BodyShorterThanItsContentLength_ThenAHalfClose_StoresNothing_AndTheServerCarriesOn()
    {
        // A FIN from the client is, to Kestrel, the client going away: it aborts the request and
        // sends no answer (by design, see dotnet/aspnetcore#13188). What matters is that nothing is
        // stored and the server answers the next request.
        var body = Multipart("halfclosed");
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {body.Length + 500}";

        await RawHttp.SendAndCloseAsync(_port, head, body);

        Assert.DoesNotContain("halfclosed", await DatasetNamesAsync());
        var next = await RawHttp.SendAsync(_port, $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {Multipart("after").Length}", Multipart("after"));
        Assert.Equal(201, next.Status);
    }

    [Theory]
    [InlineData("zz\r\n")] // not a hex size
    [InlineData("ffffffffffffffffff\r\n")] // a size that overflows
    [InlineData("5\r\nhello!!")] // no CRLF after the chunk data
    [InlineData("5\r\nhello\r\nxyz\r\n")] // the next size is not hex
    [InlineData("-5\r\n")] // a negative size
    public async Task MalformedChunkedBody_Is400(string tail)
    {
        var multipart = Multipart("chunky");
        var firstChunk = multipart[..100];
        var body = Encoding.ASCII.GetBytes($"{firstChunk.Length:x}\r\n").Concat(firstChunk).Concat("\r\n"u8.ToArray()).Concat(Encoding.ASCII.GetBytes(tail)).ToArray();
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nTransfer-Encoding: chunked";

        var response = await RawHttp.SendAsync(_port, head, body);

        await AssertUploadRefusedAsync(response, "chunky");
    }

    [Fact]
    public async Task ChunkedBodyWhoseMultipartEndsEarly_Is400()
    {
        // Well-formed chunks that end (0-chunk) in the middle of the file part.
        var multipart = Multipart("early");
        var part = multipart[..(multipart.Length - 40)];
        var body = Encoding.ASCII.GetBytes($"{part.Length:x}\r\n").Concat(part).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nTransfer-Encoding: chunked";

        var response = await RawHttp.SendAsync(_port, head, body);

        await AssertUploadRefusedAsync(response, "early");
    }

    [Fact]
    public async Task AWellFormedRawUpload_IsStored()
    {
        var body = Multipart("whole");
        var head = $"POST /api/datasets HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary={Boundary}\nContent-Length: {body.Length}\nConnection: close";

        var response = await RawHttp.SendAsync(_port, head, body);

        Assert.True(response.Status == 201, $"{response.Status}: {response.Body}");
        Assert.Contains("whole", await DatasetNamesAsync());
    }

    private static byte[] Multipart(string name)
    {
        var csv = "a,b,label\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => $"{i},{i * 3 % 17},{i % 2}"));
        var text = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n" +
            $"--{Boundary}--\r\n";
        return Encoding.ASCII.GetBytes(text);
    }

    private static void AssertProblem(RawResponse response, string field)
    {
        Assert.True(response.Status == 400, $"expected 400 naming '{field}', got {response.Status}: {response.Body}");
        Assert.StartsWith("application/problem+json", response.Headers.GetValueOrDefault("content-type"), StringComparison.Ordinal);
        var errors = JsonNode.Parse(response.Body)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }

    private async Task AssertUploadRefusedAsync(RawResponse response, string name)
    {
        AssertProblem(response, "file");
        Assert.DoesNotContain(name, await DatasetNamesAsync());
    }

    private async Task<List<string>> DatasetNamesAsync()
    {
        using var http = _app.CreateClient();
        var list = JsonNode.Parse(await http.GetStringAsync("/api/datasets"))!.AsArray();
        return [.. list.Select(d => d!["name"]!.GetValue<string>())];
    }

    private async Task<int> SearchCountAsync()
    {
        using var http = _app.CreateClient();
        return JsonNode.Parse(await http.GetStringAsync("/api/searches?limit=1"))!["total"]!.GetValue<int>();
    }
}
