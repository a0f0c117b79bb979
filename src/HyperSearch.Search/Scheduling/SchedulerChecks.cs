namespace HyperSearch.Search.Scheduling;

/// <summary>Bound checks shared by the JSON parser and the specs' factories, so both word errors alike.</summary>
internal static class SchedulerChecks
{
    /// <summary>Adds an error at <c>{path}.{key}</c> unless lo ≤ value ≤ hi; <paramref name="shown"/> is the value as the user wrote it.</summary>
    public static bool InRange(string path, string key, double value, string shown, int lo, int hi, ErrorCollector errors, string? why = null)
    {
        if (value >= lo && value <= hi)
        {
            return true;
        }

        errors.Add($"{path}.{key}", $"{key} must be between {lo} and {hi} (got {shown}){(why is null ? "." : $": {why}.")}");
        return false;
    }

    public static bool InRange(string path, string key, int value, int lo, int hi, ErrorCollector errors, string? why = null) =>
        InRange(path, key, value, value.ToString(System.Globalization.CultureInfo.InvariantCulture), lo, hi, errors, why);
}
