using HyperSearch.Service.Hosting;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// <c>dotnet run --project src/HyperSearch.Api -- keys create --name admin --role admin [--owner o]</c>:
/// migrates the configured store, creates a key and prints it once (stdout: the key alone, so scripts
/// can capture it), then exits without starting the server.
/// </summary>
public static class KeysCommand
{
    public static bool IsCommand(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Length > 0 && args[0] == "keys";
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[1] != "create")
        {
            await Console.Error.WriteLineAsync("usage: keys create --name NAME [--role admin|user] [--owner OWNER]");
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || args[i][2..] is not ("name" or "role" or "owner"))
            {
                await Console.Error.WriteLineAsync($"error: unexpected argument '{args[i]}' (usage: keys create --name NAME [--role admin|user] [--owner OWNER])");
                return 2;
            }

            options[args[i][2..]] = args[++i];
        }

        options.TryGetValue("name", out var name);
        options.TryGetValue("role", out var role);
        options.TryGetValue("owner", out var owner);
        var errors = ApiKeyIssuer.Validate(name, role, owner);
        if (errors.Count > 0)
        {
            foreach (var (field, messages) in errors)
            {
                await Console.Error.WriteLineAsync($"error: {field}: {string.Join(" ", messages)}");
            }

            return 2;
        }

        try
        {
            services.MigrateHyperSearchStorage();
        }
        catch (StorageUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        var (key, record) = await services.GetRequiredService<ApiKeyIssuer>().CreateAsync(name!, role, owner, CancellationToken.None);
        await Console.Error.WriteLineAsync($"Created {record.Role} key '{record.Name}' (owner '{record.Owner}', id {record.Id}). It is shown once; store it now:");
        Console.WriteLine(key);
        return 0;
    }
}
