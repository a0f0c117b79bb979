namespace HyperSearch.Storage;

/// <summary>The API keys (issue 13), in the same database as the searches: <see cref="ApiKeyStore"/>.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a key; false when a key with the same hash exists (nothing written).</summary>
    Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken ct);

    /// <summary>The key whose hash is <paramref name="hash"/>, revoked or not; null when none.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken ct);

    Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Every key, revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct);

    /// <summary>Marks a key revoked; false when it is unknown or already revoked.</summary>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records that the key was used at <paramref name="now"/>.</summary>
    Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken ct);
}
