using Microsoft.AspNetCore.Authentication;

namespace HyperSearch.Api.Hosting.Auth;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    /// <summary>The cookie that carries a dashboard session to /hangfire (browsers cannot add headers to page loads).</summary>
    public const string SessionCookie = "hs_session";

    /// <summary>How long a dashboard session cookie lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>last-used is written at most this often per key and process: not one write per request.</summary>
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);
}
