namespace HyperSearch.Api.Hosting.Auth;

/// <summary>The two roles a key can have, and the authorization policy names.</summary>
public static class AuthRoles
{
    public const string Admin = "admin";
    public const string User = "user";

    /// <summary>Policy: an admin key (key management, the Hangfire dashboard).</summary>
    public const string AdminPolicy = "admin";

    public static bool IsValid(string? role) => role is Admin or User;
}
