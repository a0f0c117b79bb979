using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// The "ApiKey" authentication scheme: a key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c> (or, on
/// /hangfire only, a dashboard session cookie naming a key), looked up by its HMAC in <see cref="IApiKeyStore"/>.
/// Unknown and revoked keys fail (401). With access control off every request is the local admin.
/// Keys never reach a log: failures name no key, and the principal carries the key's id, not the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthState state,
    IApiKeyStore keys,
    ApiKeyHasher hasher,
    DashboardSessions sessions,
    IProblemDetailsService problems)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    private static readonly ConcurrentDictionary<Guid, DateTimeOffset> LastTouched = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!state.Enabled)
        {
            return Success(Local);
        }

        ApiKeyRecord? key;
        if (ReadKey() is { } presented)
        {
            key = await keys.FindByHashAsync(hasher.Hash(presented), Context.RequestAborted);
        }
        else if (Request.Path.StartsWithSegments(DashboardSessions.Path) && Request.Cookies[ApiKeyAuthenticationOptions.SessionCookie] is { } cookie)
        {
            key = sessions.TryRead(cookie, TimeProvider.GetUtcNow()) is { } id ? await keys.GetAsync(id, Context.RequestAborted) : null;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (key is null || key.Revoked)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        await TouchAsync(key);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(Caller.KeyIdClaim, key.Id.ToString()),
                new Claim(Caller.OwnerClaim, key.Owner),
                new Claim(ClaimTypes.Role, key.Role),
            ],
            Scheme.Name);
        return Success(new ClaimsPrincipal(identity));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync("Authentication required", $"Send an API key as 'Authorization: Bearer <key>' or '{ApiKeyAuthenticationOptions.HeaderName}: <key>'; an unknown or revoked key is refused.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync("Forbidden", "This needs an admin key.");
    }

    private static ClaimsPrincipal Local { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "local"), new Claim(ClaimTypes.Role, AuthRoles.Admin)], ApiKeyAuthenticationOptions.Scheme));

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    private string? ReadKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        }

        return Request.Headers[ApiKeyAuthenticationOptions.HeaderName].ToString().Trim() is { Length: > 0 } header ? header : null;
    }

    private async Task TouchAsync(ApiKeyRecord key)
    {
        var now = TimeProvider.GetUtcNow();
        if (LastTouched.TryGetValue(key.Id, out var last) && now - last < Options.LastUsedResolution)
        {
            return;
        }

        LastTouched[key.Id] = now;
        await keys.TouchAsync(key.Id, now, Context.RequestAborted);
    }

    private async Task WriteProblemAsync(string title, string detail)
    {
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        });
    }
}
