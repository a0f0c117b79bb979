namespace HyperSearch.Cli;

/// <summary>An API key would go in clear text over a network: plain http to a host that is not loopback.</summary>
public sealed class InsecureApiKeyException : Exception
{
    public InsecureApiKeyException()
    {
    }

    public InsecureApiKeyException(string message)
        : base(message)
    {
    }

    public InsecureApiKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InsecureApiKeyException(Uri uri)
        : base($"refusing to send the API key over plain http to {uri?.Host}: use https, or http only to localhost/127.0.0.1/::1.")
    {
    }
}
