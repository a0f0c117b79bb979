using Microsoft.AspNetCore.DataProtection;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// Sessions for the Hangfire dashboard, whose pages a browser loads without our header: an admin's signed-in
/// dashboard asks for one (POST /api/auth/hangfire-session, with its key in the header), and gets an
/// HttpOnly, SameSite=Strict cookie scoped to /hangfire holding the key's id and an expiry, sealed by
/// ASP.NET Core Data Protection. The key itself is never put in the cookie; revoking the key ends the session.
/// </summary>
public sealed class DashboardSessions(IDataProtectionProvider provider)
{
    public static PathString Path { get; } = new("/hangfire");

    private readonly IDataProtector _protector = provider.CreateProtector("HyperSearch.HangfireSession.v1");

    public string Issue(Guid keyId, DateTimeOffset expires) => _protector.Protect($"{keyId:D}|{expires.ToUnixTimeSeconds()}");

    /// <summary>The key id of a valid, unexpired session; null for anything else (tampered, expired, garbage).</summary>
    public Guid? TryRead(string cookie, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        try
        {
            var parts = _protector.Unprotect(cookie).Split('|');
            return parts.Length == 2 && Guid.TryParse(parts[0], out var id) && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var exp)
                && now.ToUnixTimeSeconds() < exp
                ? id
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
