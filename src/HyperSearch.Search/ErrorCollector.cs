namespace HyperSearch.Search;

/// <summary>Collects every validation problem so a user fixes a spec in one round trip, not one per error.</summary>
internal sealed class ErrorCollector
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public int Count => _errors.Values.Sum(v => v.Count);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            messages = [];
            _errors[path] = messages;
        }

        messages.Add(message);
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new SearchSpaceException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
