namespace HyperSearch.Api.Hosting.Auth;

/// <summary>GET /api/auth: whether keys are required, and who the caller is (null fields when not signed in).</summary>
public sealed record AuthInfoResponse(bool Enabled, bool Authenticated, string? Name, string? Owner, string? Role);
