using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace HyperSearch.Cli;

/// <summary>
/// Sends the API key as <c>Authorization: Bearer &lt;key&gt;</c> over https, or over plain http to a
/// loopback host (localhost, 127.0.0.0/8, ::1), where the key never leaves the machine. Kiota's own
/// <see cref="ApiKeyAuthenticationProvider"/> refuses every http URL, so it cannot reach a local
/// server started with keys required; this refuses only what could expose the key on a network.
/// </summary>
public sealed class BearerKeyAuthenticationProvider : IAuthenticationProvider
{
    private readonly string _key;

    public BearerKeyAuthenticationProvider(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = key.Trim();
    }

    /// <summary>Whether a key may be sent to <paramref name="uri"/>: https anywhere, http only to a loopback host.</summary>
    public static bool MaySendTo(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MaySendTo(request.URI))
        {
            throw new InsecureApiKeyException(request.URI);
        }

        request.Headers.Remove("Authorization");
        request.Headers.Add("Authorization", "Bearer " + _key);
        return Task.CompletedTask;
    }
}
