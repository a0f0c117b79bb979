namespace HyperSearch.Api.Hosting.Auth;

/// <summary>A new key: <see cref="Key"/> is shown this once and cannot be read back (only its hash is stored).</summary>
public sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse Details);
