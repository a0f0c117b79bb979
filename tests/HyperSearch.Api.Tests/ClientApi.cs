using HyperSearch.Client;
using HyperSearch.Client.Api.Searches.Item.Trials;
using HyperSearch.Client.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The generated client (src/HyperSearch.Client) as the acceptance tests drive it: what a user who
/// consumes /openapi/v1.json gets, with the few calls every test makes kept short. Hostile input
/// (malformed JSON, raw sockets, bad query strings) stays on <see cref="Api"/>.
/// </summary>
public sealed class ClientApi
{
    private static readonly SearchStatus[] Final = [SearchStatus.Completed, SearchStatus.Cancelled, SearchStatus.Failed];

    /// <param name="app">The host; its client carries the admin key, and Kiota's header inspection handler so a test can read e.g. Location.</param>
    public ClientApi(HyperSearchApp app)
    {
#pragma warning disable CA2000 // the HttpClient lives as long as the host
        var http = app.CreateDefaultClient(new HeadersInspectionHandler());
#pragma warning restore CA2000
        Connection = HyperSearchConnection.Create(app.Server.BaseAddress, http: http);
    }

    public HyperSearchConnection Connection { get; }

    public HyperSearchApiClient Client => Connection.Client;

    /// <summary>Submits a spec file's JSON; a 400 throws <see cref="HttpValidationProblemDetails"/>.</summary>
    public async Task<Guid> CreateSearchAsync(string specJson) => (await Connection.SubmitSearchAsync(specJson)).Id!.Value;

    public async Task<SearchResponse> SearchAsync(Guid id) => (await Client.Api.Searches[id].GetAsync())!;

    /// <summary>Polls the search until its status is one of <paramref name="statuses"/> (by default a final one).</summary>
    public Task<SearchResponse> WaitForSearchAsync(Guid id, TimeSpan timeout, params SearchStatus[] statuses)
    {
        var wanted = statuses.Length == 0 ? Final : statuses;
        return Eventually.WaitAsync(
            () => SearchAsync(id),
            s => s.Status is { } status && wanted.Contains(status),
            timeout,
            $"search {id} to be {string.Join("|", wanted)}");
    }

    /// <summary>Up to 1,000 trials of the search, filtered or paged by <paramref name="query"/>.</summary>
    public async Task<List<TrialResponse>> TrialsAsync(Guid searchId, Action<TrialsRequestBuilder.TrialsRequestBuilderGetQueryParameters>? query = null)
    {
        var page = await Client.Api.Searches[searchId].Trials.GetAsync(c =>
        {
            c.QueryParameters.Limit = 1000;
            query?.Invoke(c.QueryParameters);
        });
        return page!.Items!;
    }

    public async Task<TrialDetailResponse> TrialAsync(Guid trialId) => (await Client.Api.Trials[trialId].GetAsync())!;

    /// <summary>A header inspection option for one request: pass it, then read <see cref="HeadersInspectionHandlerOption.ResponseHeaders"/>.</summary>
    public static HeadersInspectionHandlerOption InspectResponseHeaders() => new() { InspectResponseHeaders = true };
}
