namespace HyperSearch.Storage;

/// <summary>An uploaded CSV dataset. <see cref="Content"/> is the file as uploaded (workers on other machines read it from here).</summary>
public sealed record DatasetRecord(
    Guid Id,
    string Name,
    string LabelColumn,
    int Samples,
    int Features,
    int Classes,
    long Bytes,
    DateTimeOffset CreatedAt,
    byte[]? Content = null,
    string? Owner = null);
