namespace HyperSearch.Service.Specs;

/// <summary>A submitted spec broke one or more rules; <see cref="Errors"/> maps JSON paths (e.g. "space.learningRate.min") to messages.</summary>
public sealed class SpecValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The search spec is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static SpecValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
