namespace HyperSearch.Data;

/// <summary>
/// A <see cref="DatasetRequest"/> that cannot be satisfied (sizes, preprocessing, split mode).
/// <see cref="Field"/> is the search-spec path (e.g. <c>dataset.trainSize</c>) so the API can point
/// at the offending field.
/// </summary>
public sealed class InvalidDatasetRequestException : ArgumentException
{
    public InvalidDatasetRequestException()
    {
        Field = "dataset";
    }

    public InvalidDatasetRequestException(string message)
        : base(message)
    {
        Field = "dataset";
    }

    public InvalidDatasetRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "dataset";
    }

    public InvalidDatasetRequestException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The search-spec path of the offending field, e.g. <c>dataset.validationSize</c>.</summary>
    public string Field { get; }

    // ArgumentException appends "(Parameter ...)" to Message when ParamName is set; keep the message
    // exactly as written by not setting it.
}
