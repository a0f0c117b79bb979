using System.CommandLine;
using System.Globalization;
using HyperSearch.Client;
using HyperSearch.Client.Api.Searches.Item.Trials.Export;
using HyperSearch.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace HyperSearch.Cli;

/// <summary>
/// The <c>hypersearch</c> commands (docs/cli.md), built on <see cref="HyperSearchConnection"/>. Output
/// goes to the writers given, so tests run the CLI in-process against a real server.
/// </summary>
public static class CliApp
{
    public const string DefaultUrl = "http://localhost:5000";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var url = new Option<string>("--url") { Description = "The HyperSearch server.", DefaultValueFactory = _ => DefaultUrl, Recursive = true };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "API key (default: $HYPERSEARCH_API_KEY).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HYPERSEARCH_API_KEY"),
            Recursive = true,
        };
        var root = new RootCommand("HyperSearch: hyperparameter searches from the terminal.");
        root.Options.Add(url);
        root.Options.Add(apiKey);

        HyperSearchConnection Connect(ParseResult r)
        {
            var key = r.GetValue(apiKey);
            IAuthenticationProvider auth = string.IsNullOrWhiteSpace(key) ? new AnonymousAuthenticationProvider() : new BearerKeyAuthenticationProvider(key);
            return HyperSearchConnection.Create(ServerUri(r.GetValue(url)!), auth);
        }

        var specFile = new Argument<FileInfo>("spec") { Description = "A search spec (JSON, docs/api.md)." };
        var watch = new Option<bool>("--watch") { Description = "Follow the search: a progress line per stage until it ends." };
        var submit = new Command("submit", "Submit a search spec.") { specFile, watch };
        submit.SetAction((r, ct) => Guard(error, async () =>
        {
            var connection = Connect(r);
            var search = await connection.SubmitSearchAsync(await File.ReadAllTextAsync(r.GetValue(specFile)!.FullName, ct), ct: ct);
            await output.WriteLineAsync($"submitted {search.Id} ({search.Name}, {Name(search.Strategy)}, {search.StageCount} stage(s))");
            return r.GetValue(watch) ? await new SearchWatcher(connection.Client, output, interactive).WatchAsync(search.Id!.Value, ct) : 0;
        }));

        var list = new Command("list", "Searches, newest first.");
        list.SetAction((r, ct) => Guard(error, async () =>
        {
            var page = await Connect(r).Client.Api.Searches.GetAsync(c => c.QueryParameters.Limit = 50, ct);
            await output.WriteLineAsync($"{"id",-36}  {"status",-9}  {"strategy",-8}  {"trials",9}  {"best val",8}  name");
            foreach (var s in page!.Items!)
            {
                var p = s.Progress!;
                await output.WriteLineAsync($"{s.Id,-36}  {Name(s.Status),-9}  {Name(s.Strategy),-8}  {$"{p.Total - p.Queued - p.Running - p.Paused}/{p.Total}",9}  {Percent(s.BestValidationAccuracy),8}  {s.Name}");
            }

            await output.WriteLineAsync($"{page.Items!.Count} of {page.Total} searches");
            return 0;
        }));

        var id = new Argument<Guid>("id") { Description = "A search id." };
        var show = new Command("show", "A search: status, stages, best trial, test accuracy.") { id };
        show.SetAction((r, ct) => Guard(error, async () =>
        {
            var s = (await Connect(r).Client.Api.Searches[r.GetValue(id)].GetAsync(cancellationToken: ct))!;
            await output.WriteLineAsync($"{s.Name} ({s.Id})");
            await output.WriteLineAsync($"  status {Name(s.Status)}, strategy {Name(s.Strategy)}, dataset {s.Dataset}, seed {s.Seed}");
            foreach (var st in s.Stages!)
            {
                var p = st.Progress!;
                await output.WriteLineAsync($"  stage {st.Stage}: {p.Completed} completed, {p.Pruned} pruned, {p.Diverged} diverged, {p.Failed} failed, {p.Running} running, {p.Queued} queued of {p.Total}; {st.Epochs} epochs");
            }

            if (s.BestTrial is { } best)
            {
                await output.WriteLineAsync($"  best trial {best.Id} (stage {best.Stage}): validation {Percent(best.ValidationAccuracy)}, train {Percent(best.TrainAccuracy)}");
            }

            await output.WriteLineAsync($"  test accuracy {Percent(s.TestAccuracy)}{(s.Error is null ? "" : $"; error: {s.Error}")}");
            return 0;
        }));

        var cancel = new Command("cancel", "Cancel a search.") { id };
        cancel.SetAction((r, ct) => Guard(error, async () =>
        {
            var s = await Connect(r).Client.Api.Searches[r.GetValue(id)].Cancel.PostAsync(cancellationToken: ct);
            await output.WriteLineAsync($"{s!.Id} {Name(s.Status)}");
            return 0;
        }));

        var format = new Option<string>("--format") { Description = "csv or json (JSON lines).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var export = new Command("export", "Every trial of a search as CSV or JSON lines, to standard output.") { id, format };
        export.SetAction((r, ct) => Guard(error, async () =>
        {
            var kind = r.GetValue(format) == "json" ? GetFormatQueryParameterType.Json : GetFormatQueryParameterType.Csv;
            await using var body = await Connect(r).Client.Api.Searches[r.GetValue(id)].Trials.Export.GetAsync(c => c.QueryParameters.Format = kind, ct);
            using var reader = new StreamReader(body!);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            return 0;
        }));

        var compare = new Command("compare", "Run a comparison (random vs grid, and optionally one more arm) from a spec with a budget.") { specFile, watch };
        compare.SetAction((r, ct) => Guard(error, async () =>
        {
            var connection = Connect(r);
            var c = await connection.SubmitComparisonAsync(await File.ReadAllTextAsync(r.GetValue(specFile)!.FullName, ct), ct: ct);
            await output.WriteLineAsync($"comparison {c.Id} ({c.Name}, budget {c.Budget}): arms {string.Join(", ", c.Arms!.Select(a => $"{a.Name} = search {a.Search!.Id}"))}");
            return r.GetValue(watch) ? await new SearchWatcher(connection.Client, output, interactive).WatchComparisonAsync(c.Id!.Value, ct) : 0;
        }));

        root.Subcommands.Add(submit);
        root.Subcommands.Add(list);
        root.Subcommands.Add(show);
        root.Subcommands.Add(cancel);
        root.Subcommands.Add(export);
        root.Subcommands.Add(compare);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The --url value as an absolute http(s) URI; anything else throws <see cref="UriFormatException"/> (Guard prints it).</summary>
    private static Uri ServerUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UriFormatException($"'{value}' is not an http:// or https:// URL.");

    internal static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "—";

    internal static string Name<T>(T? value)
        where T : struct, Enum => value is { } v ? v.ToString().ToLowerInvariant() : "?";

    /// <summary>Server answers that are errors become one readable message and exit code 1, never a stack trace.</summary>
    private static async Task<int> Guard(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (HttpValidationProblemDetails p)
        {
            await error.WriteLineAsync($"error: {p.Title}");
            foreach (var (field, messages) in p.Errors?.AdditionalData ?? new Dictionary<string, object>())
            {
                var text = messages is IEnumerable<object> many ? string.Join(" ", many) : messages?.ToString();
                await error.WriteLineAsync($"  {field}: {text}");
            }

            return 1;
        }
        catch (ProblemDetails p)
        {
            await error.WriteLineAsync($"error: {p.Title}: {p.Detail}");
            if (p.ResponseStatusCode == 401)
            {
                await error.WriteLineAsync("  the server needs a valid API key: pass --api-key <key> or set HYPERSEARCH_API_KEY.");
            }

            return 1;
        }
        catch (ApiException e)
        {
            await error.WriteLineAsync($"error: the server answered {e.ResponseStatusCode}: {e.Message}");
            return 1;
        }
        catch (InsecureApiKeyException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (UriFormatException e)
        {
            await error.WriteLineAsync($"error: --url: {e.Message}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"error: cannot reach the server: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
