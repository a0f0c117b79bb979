namespace HyperSearch.Api.Tests;

/// <summary>
/// A test class that runs against the real API host on one backend: the embedded SQLite store, or
/// (<see cref="UsePostgres"/>) a fresh database on the test PostgreSQL server, dropped afterwards.
/// Derive once per backend: <c>class SqliteXTests : XTests</c>, <c>class PostgresXTests : XTests { UsePostgres => true }</c>.
/// </summary>
public abstract class BackendTests : IAsyncLifetime
{
    private TestDatabase? _db;

    protected HyperSearchApp App { get; private set; } = null!;

    /// <summary>Raw HTTP + JsonNode: for hostile input the typed client cannot (and should not) send.</summary>
    protected Api Api { get; private set; } = null!;

    /// <summary>The generated typed client, as a user drives the API.</summary>
    protected ClientApi Client { get; private set; } = null!;

    protected virtual bool UsePostgres => false;

    /// <summary>False: no Hangfire workers in the host, so a submitted search stays queued (tests of input handling).</summary>
    protected virtual bool RunWorkers => true;

    /// <summary>More host settings (e.g. <c>HyperSearch:Auth:Enabled</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        if (UsePostgres)
        {
            _db = await TestDatabase.CreateAsync();
        }

        var settings = new Dictionary<string, string?>(Settings);
        if (!RunWorkers)
        {
            settings["HyperSearch:RunWorkers"] = "false";
        }

        App = new HyperSearchApp(postgres: _db?.ConnectionString, settings: settings);
        Api = new Api(App.CreateClient());
        Client = new ClientApi(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
