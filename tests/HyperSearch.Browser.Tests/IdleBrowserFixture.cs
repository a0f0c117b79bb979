namespace HyperSearch.Browser.Tests;

/// <summary>
/// The browser fixture with <c>HyperSearch:RunWorkers</c> = "false": nothing trains, so a test decides
/// every trial's state itself (through the server's store).
/// </summary>
public sealed class IdleBrowserFixture : BrowserFixture
{
    public IdleBrowserFixture()
        : base(new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" })
    {
    }
}
