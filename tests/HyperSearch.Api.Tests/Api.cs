using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>Thin JSON helpers over an HttpClient pointed at the service.</summary>
public sealed class Api(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string json)
    {
        var response = await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<string> CreateSearchAsync(string json)
    {
        var (status, body, _) = await PostAsync("/api/searches", json);
        Assert.True(status == HttpStatusCode.Created, $"POST /api/searches → {(int)status}: {body}");
        return body!["id"]!.GetValue<string>();
    }

    public Task<JsonNode> SearchAsync(string id) => GetAsync($"/api/searches/{id}");

    public async Task<JsonNode> WaitForSearchAsync(string id, TimeSpan timeout, params string[] statuses)
    {
        var wanted = statuses.Length == 0 ? ["completed", "cancelled", "failed"] : statuses;
        return await Eventually.WaitAsync(
            () => SearchAsync(id),
            s => wanted.Contains(s["status"]!.GetValue<string>()),
            timeout,
            $"search {id} to be {string.Join("|", wanted)}");
    }

    public async Task<JsonArray> TrialsAsync(string searchId, string query = "")
    {
        var page = await GetAsync($"/api/searches/{searchId}/trials?limit=1000{query}");
        return page["items"]!.AsArray();
    }

    public async Task<int> SearchCountAsync() => (await GetAsync("/api/searches?limit=1"))["total"]!.GetValue<int>();

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static JsonContent Json(object value) => JsonContent.Create(value);
}
