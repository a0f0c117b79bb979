using HyperSearch.Api.Endpoints;
using HyperSearch.Api.Hosting;
using HyperSearch.Service.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddHyperSearchApi();

var app = builder.Build();
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

app.UseHyperSearchApi();
app.MapHealthApi();
app.MapSearchesApi();
app.MapTrialsApi();
app.MapComparisonsApi();
app.MapDatasetsApi();
app.MapSchemaApi();
app.MapHyperSearchDocs();
app.MapHangfireDashboardPage();

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"HyperSearch is running at {string.Join(", ", app.Urls)} ({storage.Description}); dashboard /, API docs /scalar, jobs /hangfire"));
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
