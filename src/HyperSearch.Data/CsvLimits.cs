namespace HyperSearch.Data;

/// <summary>
/// Bounds on an uploaded CSV. They keep one upload from taking the process's memory: 20 MB of text
/// parses to at most ~40 MB of float32 features, and the file is held in memory while parsing.
/// </summary>
public sealed record CsvLimits
{
    public static CsvLimits Default { get; } = new();

    /// <summary>Largest accepted file, in bytes (default 20 MB).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Most data rows, not counting the header (default 200,000).</summary>
    public int MaxRows { get; init; } = 200_000;

    /// <summary>Most columns including the label column (default 2,048).</summary>
    public int MaxColumns { get; init; } = 2_048;

    /// <summary>
    /// Most distinct labels (default 1,000). A numeric measurement picked as the label column by
    /// mistake would otherwise become thousands of one-row classes.
    /// </summary>
    public int MaxClasses { get; init; } = 1_000;
}
