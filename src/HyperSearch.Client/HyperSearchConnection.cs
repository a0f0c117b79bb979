using System.Text;
using HyperSearch.Client.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace HyperSearch.Client;

/// <summary>
/// The generated <see cref="HyperSearchApiClient"/> for one server (with an API key when one is set),
/// plus spec submission from JSON text.
/// </summary>
/// <remarks>
/// Why submit takes JSON text: Kiota 1.38's C# serializer cannot write a composed (oneOf) property whose
/// value is a primitive — <c>"dataset": "spiral"</c>, a bare value in the space such as
/// <c>"batchSize": 64</c> — and throws "Cannot write a JSON property name following another property
/// name" (tests/HyperSearch.Api.Tests/Contract/ClientTests.cs). A spec file is JSON already, so it goes
/// through the generated request builder as it is; the answers are read by the generated models.
/// </remarks>
public sealed class HyperSearchConnection
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new()
    {
        ["400"] = HttpValidationProblemDetails.CreateFromDiscriminatorValue,
        ["401"] = ProblemDetails.CreateFromDiscriminatorValue,
        ["403"] = ProblemDetails.CreateFromDiscriminatorValue,
        ["404"] = ProblemDetails.CreateFromDiscriminatorValue,
        ["409"] = ProblemDetails.CreateFromDiscriminatorValue,
        ["500"] = ProblemDetails.CreateFromDiscriminatorValue,
    };

    private readonly IRequestAdapter _adapter;

    private HyperSearchConnection(IRequestAdapter adapter)
    {
        _adapter = adapter;
        Client = new HyperSearchApiClient(adapter);
    }

    public HyperSearchApiClient Client { get; }

    /// <param name="baseUrl">The server, e.g. https://hypersearch.example.</param>
    /// <param name="apiKey">
    /// Sent as <c>Authorization: Bearer …</c> through Kiota's <see cref="ApiKeyAuthenticationProvider"/>, which
    /// sends keys over https only (a request to an http URL throws); null or empty sends nothing. For a
    /// local server over http pass an <see cref="IAuthenticationProvider"/> of your own, as the CLI does.
    /// </param>
    /// <param name="http">An HttpClient to send through (tests pass the in-memory server's); by default a new one.</param>
    public static HyperSearchConnection Create(Uri baseUrl, string? apiKey = null, HttpClient? http = null) =>
        Create(
            baseUrl,
            string.IsNullOrEmpty(apiKey)
                ? new AnonymousAuthenticationProvider()
                : new ApiKeyAuthenticationProvider("Bearer " + apiKey, "Authorization", ApiKeyAuthenticationProvider.KeyLocation.Header),
            http);

    /// <param name="baseUrl">The server, e.g. http://localhost:5000.</param>
    /// <param name="auth">Adds the credentials to every request.</param>
    /// <param name="http">An HttpClient to send through; by default a new one.</param>
    public static HyperSearchConnection Create(Uri baseUrl, IAuthenticationProvider auth, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(auth);
#pragma warning disable CA2000 // the HttpClient is the caller's, or lives as long as the connection
        var adapter = new HttpClientRequestAdapter(auth, httpClient: http ?? new HttpClient())
        {
            BaseUrl = baseUrl.ToString().TrimEnd('/'),
        };
#pragma warning restore CA2000
        return new HyperSearchConnection(adapter);
    }

    /// <summary>POST /api/searches with a spec file's JSON; a 400 throws <see cref="HttpValidationProblemDetails"/>.</summary>
    /// <param name="specJson">The spec, as a spec file holds it.</param>
    /// <param name="options">Request options for Kiota's handlers, e.g. a <c>HeadersInspectionHandlerOption</c> to read the Location header.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<SearchResponse> SubmitSearchAsync(string specJson, IEnumerable<IRequestOption>? options = null, CancellationToken ct = default)
    {
        var request = Client.Api.Searches.ToPostRequestInformation(new SearchSpecDocument());
        return await SendAsync(request, specJson, options, SearchResponse.CreateFromDiscriminatorValue, ct);
    }

    /// <summary>POST /api/comparisons with a comparison spec's JSON.</summary>
    /// <param name="specJson">The comparison spec's JSON.</param>
    /// <param name="options">Request options for Kiota's handlers, e.g. a <c>HeadersInspectionHandlerOption</c> to read the Location header.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<ComparisonResponse> SubmitComparisonAsync(string specJson, IEnumerable<IRequestOption>? options = null, CancellationToken ct = default)
    {
        var request = Client.Api.Comparisons.ToPostRequestInformation(new ComparisonSpecDocument());
        return await SendAsync(request, specJson, options, ComparisonResponse.CreateFromDiscriminatorValue, ct);
    }

    /// <summary>POST /api/searches/{id}/stages with a stage's JSON (a space with bare values cannot go through the typed document); a 409 throws <see cref="ProblemDetails"/>.</summary>
    /// <param name="searchId">The search to continue.</param>
    /// <param name="stageJson">The stage: trials, epochs and optionally space, strategy, scheduler.</param>
    /// <param name="options">Request options for Kiota's handlers, e.g. a <c>HeadersInspectionHandlerOption</c> to read the Location header.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<SearchResponse> AddStageAsync(Guid searchId, string stageJson, IEnumerable<IRequestOption>? options = null, CancellationToken ct = default)
    {
        var request = Client.Api.Searches[searchId].Stages.ToPostRequestInformation(new StageExtensionDocument());
        return await SendAsync(request, stageJson, options, SearchResponse.CreateFromDiscriminatorValue, ct);
    }

    private async Task<T> SendAsync<T>(RequestInformation request, string json, IEnumerable<IRequestOption>? options, ParsableFactory<T> factory, CancellationToken ct)
        where T : IParsable
    {
        ArgumentNullException.ThrowIfNull(json);
        if (options is not null)
        {
            request.AddRequestOptions(options);
        }

        request.SetStreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)), "application/json");
        return await _adapter.SendAsync(request, factory, Errors, ct) ?? throw new InvalidOperationException("The server answered with an empty body.");
    }
}
