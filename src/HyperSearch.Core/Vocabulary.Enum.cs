namespace HyperSearch.Core;

/// <summary>
/// The wire names of an enum: camelCase member names (lower-case for one-word members, which is how
/// statuses are stored), parsed exactly — so "?status=7" or "?status=completed,failed" is an error,
/// never another filter (Enum.TryParse accepts both).
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();
    private static readonly Dictionary<TEnum, string> ByValue = Values.ToDictionary(v => v, v => CamelCase(v.ToString()));
    private static readonly Dictionary<string, TEnum> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyList<string> All { get; } = Values.Select(v => ByValue[v]).ToArray().AsReadOnly();

    public static string Of(TEnum value) =>
        ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {typeof(TEnum).Name}.");

    public static bool TryParse(string? name, out TEnum value) => ByName.TryGetValue(name ?? "", out value);

    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"Unknown {typeof(TEnum).Name} '{name}'.");

    /// <summary>The vocabulary of these names for error messages and the schema.</summary>
    public static Vocabulary Vocabulary(string field) => new(field, [.. All]);

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
