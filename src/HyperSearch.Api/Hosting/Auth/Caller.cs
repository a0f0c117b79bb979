using System.Security.Claims;
using HyperSearch.Storage;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// What an endpoint needs to know about who calls: whose the things they create are, and which they may
/// see. With access control off everyone is the local admin with no owner, so nothing is filtered and
/// new things have a null owner, as before keys existed.
/// </summary>
public static class Caller
{
    public const string OwnerClaim = "hs:owner";

    public const string KeyIdClaim = "hs:key";

    /// <summary>The owner to record on what the caller creates; null with access control off.</summary>
    public static string? Owner(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(OwnerClaim)?.Value;
    }

    public static bool IsAdmin(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(AuthRoles.Admin);
    }

    /// <summary>The owner to filter lists by: null (everything) for admins, else the caller's own.</summary>
    public static string? Filter(ClaimsPrincipal user) => IsAdmin(user) ? null : Owner(user) ?? "";

    /// <summary>Whether the caller may read or change something owned by <paramref name="owner"/>; when not, answer 404.</summary>
    public static bool CanAccess(ClaimsPrincipal user, string? owner) => IsAdmin(user) || (owner is not null && owner == Owner(user));

    /// <summary>The search when the caller may see it, else null (so the endpoint answers 404, as for an unknown id).</summary>
    public static SearchRecord? Visible(ClaimsPrincipal user, SearchRecord? search) =>
        search is not null && CanAccess(user, search.Owner) ? search : null;
}
