using HyperSearch.Service.Hosting;

// A headless Hangfire server: trains trials from the shared Postgres queue. Run as many as you have
// machines (docker compose up --scale worker=N); each uses one Hangfire worker per core.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHyperSearchCore(builder.Configuration);
builder.Services.AddHyperSearchHangfire(runServer: true);

using var host = builder.Build();
StorageSettings storage;
try
{
    storage = host.Services.MigrateHyperSearchStorage();
}
catch (StorageUnavailableException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

if (storage.Mode != StorageMode.Postgres)
{
    Console.Error.WriteLine("error: HyperSearch.Worker needs ConnectionStrings__Postgres (the queue and the store it shares with the API); the embedded mode trains inside the API process.");
    return 1;
}

Console.WriteLine($"HyperSearch worker {Environment.MachineName}:{Environment.ProcessId} serving {storage.Description}");
await host.RunAsync();
return 0;
