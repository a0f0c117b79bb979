namespace HyperSearch.Storage;

/// <summary>
/// An API key as stored: never the key itself, only <see cref="Hash"/> (HMAC-SHA256 with the server's
/// secret, hex) and <see cref="Prefix"/>, its first characters, so a holder can tell keys apart.
/// <see cref="Role"/> is "admin" or "user"; <see cref="Owner"/> is whom what the key creates belongs to.
/// </summary>
public sealed record ApiKeyRecord(
    Guid Id,
    string Name,
    string Owner,
    string Role,
    string Hash,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? RevokedAt = null)
{
    public bool Revoked => RevokedAt is not null;
}
