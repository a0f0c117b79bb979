using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Access control (issue 13) with keys required: on SQLite with HyperSearch:Auth:Enabled, and on PostgreSQL,
/// where it is always on. The host's bootstrap admin key (<see cref="HyperSearchApp.AdminKey"/>) makes the
/// user keys. No workers: submitted searches stay queued.
/// </summary>
public abstract class AuthTests : InputBackendTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["HyperSearch:Auth:Enabled"] = "true" };

    [Fact]
    public async Task NoKey_Is401_OnEveryRoute_ButHealthDocsAndStaticFiles()
    {
        using var anonymous = App.CreateAnonymousClient();
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var checkedRoutes = 0;
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsCatchAll: true } => "",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart q when q.ParameterPolicies.Any(x => x.Content == "guid") => Guid.NewGuid().ToString(),
                _ => "x",
            }))));
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key → {(int)response.StatusCode}");
                checkedRoutes++;
            }
        }

        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} routes checked");
        var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = (await Api.ReadJsonAsync(health)).AsObject();
        Assert.Equal(["status"], body.Select(p => p.Key));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/js/api.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        var auth = await Api.ReadJsonAsync(await anonymous.GetAsync("/api/auth"));
        Assert.True(auth["enabled"]!.GetValue<bool>());
        Assert.False(auth["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HealthWithAKey_ShowsInternals()
    {
        var body = await Api.GetAsync("/health");
        Assert.NotNull(body["store"]);
    }

    [Fact]
    public async Task UnknownOrRevokedKey_Is401_AndLastUsedIsRecorded()
    {
        var (key, id) = await CreateKeyAsync("carol", "user");
        using var carol = App.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/searches")).StatusCode);
        var listed = (await Api.GetAsync("/api/keys")).AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.NotNull(listed["lastUsedAt"]!.GetValue<DateTimeOffset?>());
        Assert.Equal(key[..7], listed["prefix"]!.GetValue<string>());
        Assert.DoesNotContain(key, listed.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.GetAsync("/api/searches")).StatusCode);
        using var viaHeader = App.CreateAnonymousClient();
        viaHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaHeader.GetAsync("/api/searches")).StatusCode);
        using var unknown = App.CreateClient("hs_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("/api/searches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.DeleteAsync($"/api/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task XApiKeyHeader_Authenticates()
    {
        var (key, _) = await CreateKeyAsync("dave", "user");
        using var client = App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var me = await Api.ReadJsonAsync(await client.GetAsync("/api/auth"));
        Assert.Equal("dave", me["owner"]!.GetValue<string>());
        Assert.Equal("user", me["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserA_CannotReadListCancelOrSeeTrialsOf_UserBsSearch_AdminCan()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        var a = new Api(App.CreateClient(keyA));
        var b = new Api(App.CreateClient(keyB));
        var id = await b.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        var trialId = (await b.TrialsAsync(id))[0]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/api/searches/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/api/searches/{id}/trials")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/api/searches/{id}/points")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/api/trials/{trialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.PostAsync($"/api/searches/{id}/cancel", null)).StatusCode);
        Assert.Equal(0, await a.SearchCountAsync());
        Assert.Equal("queued", (await b.SearchAsync(id))["status"]!.GetValue<string>());

        Assert.Equal(1, await b.SearchCountAsync());
        var mine = await b.SearchAsync(id);
        Assert.Equal("bob", mine["owner"]!.GetValue<string>());
        Assert.Equal("bob", (await b.GetAsync("/api/searches"))["items"]![0]!["owner"]!.GetValue<string>());

        Assert.Equal(1, await Api.SearchCountAsync());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync($"/api/trials/{trialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.PostAsync($"/api/searches/{id}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", (await b.SearchAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserA_CannotExtendOrWarmStartFrom_UserBsSearch_AdminCan()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        var a = new Api(App.CreateClient(keyA));
        var b = new Api(App.CreateClient(keyB));
        var id = await b.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));

        var (status, _, _) = await a.PostAsync($"/api/searches/{id}/stages", """{ "trials": 2 }""");
        var (warmStatus, warmBody, _) = await a.PostAsync("/api/searches", Specs.Random(extra: $", \"warmStart\": {{ \"searchId\": \"{id}\" }}"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.BadRequest, warmStatus);
        Assert.True(warmBody!["errors"]!["warmStart.searchId"] is JsonArray, warmBody.ToJsonString());
        Assert.Equal(1, (await b.SearchAsync(id))["stageCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Created, (await b.PostAsync("/api/searches", Specs.Random(extra: $", \"warmStart\": {{ \"searchId\": \"{id}\" }}"))).Status);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 2 }""")).Status);
        Assert.Equal(2, (await b.SearchAsync(id))["stageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ActiveSearchLimit_CountsPerOwner()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        var a = new Api(App.CreateClient(keyA));
        var b = new Api(App.CreateClient(keyB));
        var limit = (await Api.GetAsync("/api/schema"))["limits"]!["maxActiveSearches"]!.GetValue<int>();
        for (var i = 0; i < limit; i++)
        {
            await a.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));
        }

        var (status, body, _) = await a.PostAsync("/api/searches", Specs.Random(trials: 1, epochs: 1));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]!["searches"]);

        // Alice's searches take none of Bob's slots.
        await b.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));
    }

    [Fact]
    public async Task UserA_CannotSeeUserBsComparison()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        var a = new Api(App.CreateClient(keyA));
        var b = new Api(App.CreateClient(keyB));
        var (status, body, _) = await b.PostAsync("/api/comparisons", Specs.Random(trials: 2, epochs: 2).Replace("\"strategy\": \"random\",", "\"budget\": 4,", StringComparison.Ordinal));
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var id = body!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await a.Http.GetAsync($"/api/comparisons/{id}")).StatusCode);
        Assert.Equal(0, (await a.GetAsync("/api/comparisons"))["total"]!.GetValue<int>());
        Assert.Equal(1, (await b.GetAsync("/api/comparisons"))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync($"/api/comparisons/{id}")).StatusCode);
    }

    [Fact]
    public async Task UserA_CannotSeeOrDelete_UserBsUpload_AdminCan()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        using var a = App.CreateClient(keyA);
        using var b = App.CreateClient(keyB);
        var csv = "x,y,label\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i % 7},{(i * 3) % 5},{(i % 2 == 0 ? "cat" : "dog")}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("bobs-pets"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "pets.csv" },
        };
        Assert.Equal(HttpStatusCode.Created, (await b.PostAsync("/api/datasets", form)).StatusCode);

        Assert.DoesNotContain("bobs-pets", await a.GetStringAsync("/api/datasets"), StringComparison.Ordinal);
        Assert.Contains("bobs-pets", await b.GetStringAsync("/api/datasets"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await a.DeleteAsync("/api/datasets/bobs-pets")).StatusCode);
        Assert.Contains("bobs-pets", await b.GetStringAsync("/api/datasets"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync("/api/datasets/bobs-pets")).StatusCode);
    }

    [Fact]
    public async Task UserA_CannotTrainOn_UserBsUpload_TheAnswerIsAsForANameThatDoesNotExist_BuiltInsAndAdminsCan()
    {
        var (keyA, _) = await CreateKeyAsync("alice", "user");
        var (keyB, _) = await CreateKeyAsync("bob", "user");
        var a = new Api(App.CreateClient(keyA));
        var b = new Api(App.CreateClient(keyB));
        var csv = "x,y,label\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i % 7},{(i * 3) % 5},{(i % 2 == 0 ? "cat" : "dog")}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("bobs-pets"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "pets.csv" },
        };
        Assert.Equal(HttpStatusCode.Created, (await b.Http.PostAsync("/api/datasets", form)).StatusCode);
        static string Search(string dataset) => Specs.Random(trials: 2, epochs: 2).Replace("\"spiral\"", $"\"{dataset}\"", StringComparison.Ordinal);
        static string Comparison(string dataset) => Search(dataset).Replace("\"strategy\": \"random\",", "\"budget\": 4,", StringComparison.Ordinal);

        foreach (var (path, spec) in new (string, Func<string, string>)[] { ("/api/searches", Search), ("/api/comparisons", Comparison) })
        {
            var foreign = await AssertProblemNamingAsync(await a.Http.PostAsync(path, new StringContent(spec("bobs-pets"), Encoding.UTF8, "application/json")), "dataset.name");
            var missing = await AssertProblemNamingAsync(await a.Http.PostAsync(path, new StringContent(spec("no-such-set"), Encoding.UTF8, "application/json")), "dataset.name");
            var foreignMessage = foreign["dataset.name"]![0]!.GetValue<string>();
            Assert.Equal(missing["dataset.name"]![0]!.GetValue<string>().Replace("no-such-set", "bobs-pets", StringComparison.Ordinal), foreignMessage);
            Assert.Contains("Unknown dataset", foreignMessage, StringComparison.Ordinal);
            Assert.Equal(["dataset.name"], foreign.Select(e => e.Key));

            var (own, ownBody, _) = await b.PostAsync(path, spec("bobs-pets"));
            Assert.True(own == HttpStatusCode.Created, $"bob on his own upload: {ownBody}");
            var (admin, adminBody, _) = await Api.PostAsync(path, spec("bobs-pets"));
            Assert.True(admin == HttpStatusCode.Created, $"admin on bob's upload: {adminBody}");
            var (builtIn, builtInBody, _) = await a.PostAsync(path, spec("spiral"));
            Assert.True(builtIn == HttpStatusCode.Created, $"alice on a built-in set: {builtInBody}");
        }
    }

    [Fact]
    public async Task Hangfire_NeedsAnAdmin()
    {
        var (user, _) = await CreateKeyAsync("erin", "user");
        using var anonymous = App.CreateAnonymousClient();
        using var erin = App.CreateClient(user);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await erin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await erin.GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Hangfire_SessionCookie_OpensTheDashboard_ForAdminsOnly()
    {
        var session = await Api.Http.PostAsync("/api/auth/hangfire-session", null);
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var cookie = Assert.Single(session.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var browser = App.CreateAnonymousClient();
        browser.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
        // The cookie is for the dashboard only, not a way around keys on the API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/searches")).StatusCode);

        var (user, _) = await CreateKeyAsync("frank", "user");
        using var frank = App.CreateClient(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await frank.PostAsync("/api/auth/hangfire-session", null)).StatusCode);
    }

    [Fact]
    public async Task Hangfire_PostCommand_WithoutAntiforgeryToken_IsRefused()
    {
        var response = await Api.Http.PostAsync("/hangfire/jobs/enqueued/delete", new FormUrlEncodedContent([new("jobs[]", "1")]));
        Assert.False(response.IsSuccessStatusCode, $"POST without antiforgery token → {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task CrossSitePost_WithoutJsonContentType_Is415(string type)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Specs.Random(trials: 2, epochs: 2)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);

        var response = await Api.Http.PostAsync("/api/searches", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task ForeignHost_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/searches");
        request.Headers.Host = "attacker.example";

        var response = await Api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_WithBadFields_Is400NamingThem()
    {
        var (status, body, response) = await Api.PostAsync("/api/keys", """{"name": "", "role": "root"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(body!["errors"]!["name"]);
        Assert.NotNull(body["errors"]!["role"]);
    }

    [Fact]
    public async Task OpenApi_HasTheSecuritySchemes_AndEveryOperationDeclaresSecurityAnd401()
    {
        var doc = await Api.GetAsync("/openapi/v1.json");

        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var operations = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "delete").Select(o => (Path: p.Key, Op: o.Value!))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, op) in operations)
        {
            var security = op["security"]?.AsArray();
            Assert.True(security is { Count: > 0 } && security.Any(r => r!.AsObject().ContainsKey("bearer")), $"{path}: no bearer security");
            if (path is not ("/health" or "/api/auth"))
            {
                Assert.True(op["responses"]!.AsObject().ContainsKey("401"), $"{path}: no 401");
            }
        }

        Assert.True(doc["paths"]!["/api/keys"]!["get"]!["responses"]!.AsObject().ContainsKey("403"));
    }

    protected async Task<(string Key, string Id)> CreateKeyAsync(string owner, string role)
    {
        var (status, body, _) = await Api.PostAsync("/api/keys", new JsonObject { ["name"] = $"{owner}'s key", ["owner"] = owner, ["role"] = role }.ToJsonString());
        Assert.True(status == HttpStatusCode.Created, $"POST /api/keys → {(int)status}: {body}");
        return (body!["key"]!.GetValue<string>(), body["details"]!["id"]!.GetValue<string>());
    }
}

public sealed class SqliteAuthTests : AuthTests;

public sealed class PostgresAuthTests : AuthTests
{
    protected override bool UsePostgres => true;
}

/// <summary>The embedded default on loopback: no keys needed, everything as before keys existed.</summary>
public sealed class AuthOffTests : InputBackendTests
{
    [Fact]
    public async Task EmbeddedOnLoopback_NeedsNoKey_AndSaysSo()
    {
        using var anonymous = App.CreateAnonymousClient();
        var auth = await Api.ReadJsonAsync(await anonymous.GetAsync("/api/auth"));
        Assert.False(auth["enabled"]!.GetValue<bool>());

        var api = new Api(anonymous);
        var id = await api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));
        Assert.Null((await api.SearchAsync(id))["owner"]);
        Assert.NotNull((await api.GetAsync("/health"))["store"]);
    }
}
