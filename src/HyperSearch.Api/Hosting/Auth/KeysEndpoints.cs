using System.Security.Claims;
using System.Text.Json;
using HyperSearch.Api.Endpoints;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// POST/GET/DELETE /api/keys (admin keys only), GET /api/auth (public: is access control on, who am I) and
/// POST /api/auth/hangfire-session (admin: a cookie that opens /hangfire in the browser).
/// </summary>
public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Keys").ProducesProblem(StatusCodes.Status500InternalServerError).RequireAuthorization(AuthRoles.AdminPolicy);
        keys.MapPost("", CreateKey)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key (admin). The key is in the answer once; only its hash is stored.")
            .Accepts<CreateApiKeyRequest>("application/json")
            .ProducesValidationProblem();
        keys.MapGet("", ListKeys).WithName("ListApiKeys").WithSummary("Every API key, revoked ones too, without the keys themselves (admin).");
        keys.MapDelete("/{id:guid}", RevokeKey).WithName("RevokeApiKey").WithSummary("Revoke an API key (admin); it is refused from then on.").ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/auth", GetAuth)
            .WithTags("Keys")
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithName("GetAuth")
            .WithSummary("Whether API keys are required, and who the key sent (if any) belongs to. Public.")
            .AllowAnonymous();
        app.MapPost("/api/auth/hangfire-session", CreateHangfireSession)
            .WithTags("Keys")
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithName("CreateHangfireSession")
            .WithSummary("Admin: sets an HttpOnly cookie scoped to /hangfire so a browser can open the jobs dashboard.")
            .RequireAuthorization(AuthRoles.AdminPolicy);
        return app;
    }

    internal static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateKey(HttpRequest request, ApiKeyIssuer issuer, CancellationToken ct)
    {
        var (doc, problem) = await JsonBody.ReadAsync(request, 16 * 1024, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return JsonBody.Problem("body", "Send a JSON object: {\"name\": …, \"role\": \"user\"|\"admin\", \"owner\": …}.");
            }

            var errors = new Dictionary<string, string[]>();
            var name = Text(root, "name", errors);
            var role = Text(root, "role", errors);
            var owner = Text(root, "owner", errors);
            foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("name" or "role" or "owner")))
            {
                errors[property.Name] = [$"Unknown field '{property.Name}'; a key has name, role and owner."];
            }

            foreach (var (field, messages) in ApiKeyIssuer.Validate(name, role, owner))
            {
                errors.TryAdd(field, messages);
            }

            if (errors.Count > 0)
            {
                return JsonBody.Problem(errors);
            }

            var (key, record) = await issuer.CreateAsync(name!, role, owner, ct);
            return TypedResults.Created($"/api/keys/{record.Id}", new CreatedApiKeyResponse(key, ApiKeyResponse.From(record)));
        }
    }

    internal static async Task<Ok<List<ApiKeyResponse>>> ListKeys(IApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(ct)).Select(ApiKeyResponse.From).ToList());

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(Guid id, IApiKeyStore keys, TimeProvider time, CancellationToken ct) =>
        await keys.RevokeAsync(id, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found", detail: $"No active API key has id {id}.");

    internal static Ok<AuthInfoResponse> GetAuth(ClaimsPrincipal user, AuthState state)
    {
        var signedIn = state.Enabled && user.FindFirst(Caller.KeyIdClaim) is not null;
        return TypedResults.Ok(signedIn
            ? new AuthInfoResponse(true, true, user.Identity?.Name, Caller.Owner(user), Caller.IsAdmin(user) ? AuthRoles.Admin : AuthRoles.User)
            : new AuthInfoResponse(state.Enabled, !state.Enabled, null, null, state.Enabled ? null : AuthRoles.Admin));
    }

    internal static NoContent CreateHangfireSession(
        HttpContext context, ClaimsPrincipal user, DashboardSessions sessions, IOptionsMonitor<ApiKeyAuthenticationOptions> options, TimeProvider time)
    {
        if (user.FindFirst(Caller.KeyIdClaim)?.Value is { } id)
        {
            var lifetime = options.Get(ApiKeyAuthenticationOptions.Scheme).SessionLifetime;
            var expires = time.GetUtcNow() + lifetime;
            context.Response.Cookies.Append(ApiKeyAuthenticationOptions.SessionCookie, sessions.Issue(Guid.Parse(id), expires), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = DashboardSessions.Path,
                Expires = expires,
            });
        }

        // With access control off there is nothing to carry: /hangfire is open to the local user.
        return TypedResults.NoContent();
    }

    private static string? Text(JsonElement root, string field, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"'{field}' must be a string."];
            return null;
        }

        return value.GetString();
    }
}
