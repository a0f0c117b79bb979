namespace HyperSearch.Api.Hosting.Auth;

/// <summary>POST /api/keys: <see cref="Role"/> "admin" or "user" (default); <see cref="Owner"/> defaults to <see cref="Name"/>.</summary>
public sealed record CreateApiKeyRequest(string? Name, string? Role, string? Owner);
