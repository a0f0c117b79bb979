using HyperSearch.Storage;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>A key as listed: never the key or its hash, only its first characters (<see cref="Prefix"/>).</summary>
public sealed record ApiKeyResponse(
    Guid Id,
    string Name,
    string Owner,
    string Role,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    bool Revoked,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyRecord k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new(k.Id, k.Name, k.Owner, k.Role, k.Prefix, k.CreatedAt, k.LastUsedAt, k.Revoked, k.RevokedAt);
    }
}
