using HyperSearch.Storage;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>Creates keys (for POST /api/keys, the <c>keys create</c> command and the bootstrap key): checks the fields, stores the hash.</summary>
public sealed class ApiKeyIssuer(IApiKeyStore keys, ApiKeyHasher hasher, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>Field → message for what is wrong; empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(string? name, string? role, string? owner)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "name", name, required: true);
        Check(errors, "owner", owner, required: false);
        if (role is not null && !AuthRoles.IsValid(role))
        {
            errors["role"] = [$"role must be '{AuthRoles.Admin}' or '{AuthRoles.User}', not '{role}'."];
        }

        return errors;
    }

    /// <summary>Stores a new random key; returns it (shown once) with its record. Validate first.</summary>
    public async Task<(string Key, ApiKeyRecord Record)> CreateAsync(string name, string? role, string? owner, CancellationToken ct)
    {
        var key = ApiKeyHasher.NewKey();
        return (key, await StoreAsync(key, name, role, owner, ct) ?? throw new InvalidOperationException("A random key collided with a stored one."));
    }

    /// <summary>Stores <paramref name="key"/> unless a key with its hash exists (then null).</summary>
    public async Task<ApiKeyRecord?> StoreAsync(string key, string name, string? role, string? owner, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var record = new ApiKeyRecord(Guid.NewGuid(), name.Trim(), (owner ?? name).Trim(), role ?? AuthRoles.User, hasher.Hash(key), ApiKeyHasher.Prefix(key), time.GetUtcNow());
        return await keys.TryAddAsync(record, ct) ? record : null;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors[field] = [$"'{field}' is required."];
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength || value.Any(char.IsControl))
        {
            errors[field] = [$"'{field}' must be 1-{MaxNameLength} printable characters."];
        }
    }
}
