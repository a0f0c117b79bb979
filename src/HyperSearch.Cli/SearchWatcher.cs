using HyperSearch.Client;
using HyperSearch.Client.Api.Searches.Item.Trials;
using HyperSearch.Client.Models;
using Spectre.Console;

namespace HyperSearch.Cli;

/// <summary>
/// Follows a search until it ends: per stage, trials done of the stage's total, trials running and the
/// best validation accuracy so far. On a terminal a live Spectre.Console progress bar per stage; when the
/// output is redirected (CI, a test, a pipe) a plain line each time a stage's numbers change.
/// </summary>
internal sealed class SearchWatcher(HyperSearchApiClient client, TextWriter output, bool interactive)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public async Task<int> WatchAsync(Guid id, CancellationToken ct)
    {
        SearchResponse search;
        if (interactive)
        {
            search = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async ctx =>
                {
                    var bars = new Dictionary<int, ProgressTask>();
                    while (true)
                    {
                        var (s, stages) = await ReadAsync(id, ct);
                        foreach (var st in stages)
                        {
                            if (!bars.TryGetValue(st.Stage, out var bar))
                            {
                                bars[st.Stage] = bar = ctx.AddTask($"stage {st.Stage}", maxValue: Math.Max(1, st.Total));
                            }

                            bar.MaxValue = Math.Max(1, st.Total);
                            bar.Value = st.Done;
                            bar.Description = Markup.Escape(st.Describe());
                        }

                        if (IsOver(s))
                        {
                            return s;
                        }

                        await Task.Delay(Poll, ct);
                    }
                });
        }
        else
        {
            var last = new Dictionary<int, string>();
            while (true)
            {
                var (s, stages) = await ReadAsync(id, ct);
                foreach (var st in stages)
                {
                    var line = st.Describe();
                    if (!last.TryGetValue(st.Stage, out var before) || before != line)
                    {
                        last[st.Stage] = line;
                        await output.WriteLineAsync(line);
                    }
                }

                if (IsOver(s))
                {
                    search = s;
                    break;
                }

                await Task.Delay(Poll, ct);
            }
        }

        await output.WriteLineAsync(
            $"search {search.Id} {CliApp.Name(search.Status)}: best validation {CliApp.Percent(search.BestTrial?.ValidationAccuracy)}, test {CliApp.Percent(search.TestAccuracy)}{(search.Error is null ? "" : $" ({search.Error})")}");
        return search.Status == SearchStatus.Completed ? 0 : 1;
    }

    public async Task<int> WatchComparisonAsync(Guid id, CancellationToken ct)
    {
        var last = "";
        while (true)
        {
            var c = (await client.Api.Comparisons[id].GetAsync(cancellationToken: ct))!;
            var line = $"comparison {CliApp.Name(c.Status)}: " + string.Join("; ", c.Arms!.Select(a =>
                $"{a.Name} {a.Search!.Progress!.Completed + a.Search.Progress.Pruned + a.Search.Progress.Diverged + a.Search.Progress.Failed}/{a.Search.Progress.Total} best {CliApp.Percent(a.BestValidationAccuracy)}"));
            if (line != last)
            {
                last = line;
                await output.WriteLineAsync(line);
            }

            if (c.Status is ComparisonResponse_status.Completed or ComparisonResponse_status.Failed or ComparisonResponse_status.Cancelled)
            {
                return c.Status == ComparisonResponse_status.Completed ? 0 : 1;
            }

            await Task.Delay(Poll, ct);
        }
    }

    private static bool IsOver(SearchResponse s) => s.Status is SearchStatus.Completed or SearchStatus.Failed or SearchStatus.Cancelled;

    private async Task<(SearchResponse Search, List<StageLine> Stages)> ReadAsync(Guid id, CancellationToken ct)
    {
        var search = (await client.Api.Searches[id].GetAsync(cancellationToken: ct))!;
        var stages = new List<StageLine>();
        foreach (var st in search.Stages ?? [])
        {
            var best = await client.Api.Searches[id].Trials.GetAsync(
                c =>
                {
                    c.QueryParameters.Stage = st.Stage;
                    c.QueryParameters.Sort = GetSortQueryParameterType.ValidationAccuracy;
                    c.QueryParameters.Order = GetOrderQueryParameterType.Desc;
                    c.QueryParameters.Limit = 1;
                },
                ct);
            var p = st.Progress!;
            stages.Add(new StageLine(st.Stage ?? 0, p.Total ?? 0, (p.Total ?? 0) - (p.Queued ?? 0) - (p.Running ?? 0) - (p.Paused ?? 0), p.Running ?? 0, best?.Items?.FirstOrDefault()?.ValidationAccuracy));
        }

        return (search, stages);
    }
}
