namespace HyperSearch.Browser.Tests;

/// <summary>The browser fixture with access control on (HyperSearch:Auth:Enabled) and a bootstrap admin key.</summary>
public sealed class AuthBrowserFixture : BrowserFixture
{
    public const string AdminKey = "hs_browser-admin-key-0123456789abcdefghijkl";

    public AuthBrowserFixture()
        : base(new Dictionary<string, string?> { ["HyperSearch:Auth:Enabled"] = "true", ["HyperSearch:Auth:BootstrapKey"] = AdminKey })
    {
    }
}
