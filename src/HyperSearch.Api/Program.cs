using HyperSearch.Api.Endpoints;
using HyperSearch.Api.Hosting;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Hosting;

// `keys create …` is a command, not host settings: keep its arguments out of the configuration.
var command = KeysCommand.IsCommand(args);
var builder = WebApplication.CreateBuilder(command ? [] : args);
builder.AddHyperSearchApi();

var app = builder.Build();
if (command)
{
    return await KeysCommand.RunAsync(app.Services, args);
}

StorageSettings storage;
try
{
    storage = app.Services.MigrateHyperSearchStorage();
}
catch (StorageUnavailableException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

await app.Services.StoreBootstrapKeyAsync(CancellationToken.None);
app.UseHyperSearchApi();
app.MapHealthApi();
app.MapSearchesApi();
app.MapTrialsApi();
app.MapComparisonsApi();
app.MapLearningRateFinderApi();
app.MapDatasetsApi();
app.MapSchemaApi();
app.MapKeysApi();
app.MapHyperSearchDocs();
app.MapHangfireDashboardPage();

var auth = app.Services.GetRequiredService<AuthState>();
app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"HyperSearch is running at {string.Join(", ", app.Urls)} ({storage.Description}; {auth.Description}); dashboard /, API docs /scalar, jobs /hangfire"));
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
