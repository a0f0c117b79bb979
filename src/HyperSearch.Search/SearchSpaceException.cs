namespace HyperSearch.Search;

/// <summary>
/// A search space (or grid/budget request) that cannot be run. Carries every problem found, keyed
/// by a JSON path such as <c>space.learningRate.min</c>, shaped for ASP.NET validation problem details.
/// </summary>
public sealed class SearchSpaceException : Exception
{
    public SearchSpaceException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public SearchSpaceException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public SearchSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public SearchSpaceException(IReadOnlyDictionary<string, string[]> errors)
        : base(Summarise(errors))
    {
        Errors = errors;
    }

    public SearchSpaceException(string key, string message)
        : this(new Dictionary<string, string[]> { [key] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Summarise(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0
            ? "Invalid search space."
            : "Invalid search space: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
