namespace HyperSearch.Api.Hosting.Auth;

/// <summary>The "HyperSearch:Auth" configuration section (HyperSearch__Auth__X environment variables).</summary>
public sealed class AuthSettings
{
    public const string Section = "HyperSearch:Auth";

    /// <summary>
    /// true turns access control on in the embedded mode on loopback, where it is off by default. It is
    /// always on in Postgres mode and whenever the service listens on a non-loopback address, whatever this says.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>An admin key to accept from the start (stored hashed at start-up, owner "admin"), so a fresh
    /// deployment can be managed without running <c>keys create</c> first.</summary>
    public string? BootstrapKey { get; set; }

    /// <summary>
    /// The HMAC secret keys are hashed with. When unset, a random one is kept in
    /// <c>{DataDirectory}/auth.secret</c>; API processes on several machines sharing one Postgres must set
    /// the same value here, or keys created on one are unknown to the others.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Origins allowed to call the API from a browser (CORS). Empty: CORS is off, only the dashboard's own origin works.</summary>
    public string[] CorsOrigins { get; set; } = [];
}
