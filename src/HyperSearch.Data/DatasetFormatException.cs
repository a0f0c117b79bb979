namespace HyperSearch.Data;

/// <summary>
/// A dataset file (IDX, CIFAR-10 batch, CSV) that cannot be read as what it claims to be. The
/// message is written for the person who supplied the file, so it names the file, the line and the
/// column where that helps them fix it; the same facts are exposed as properties for API errors.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException()
    {
    }

    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetFormatException(string message, string? fileName, int? line = null, int? column = null, string? columnName = null, Exception? innerException = null)
        : base(Compose(message, fileName, line, column, columnName), innerException)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>The file (or upload) the problem is in, when known.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of a text file (the CSV header is line 1).</summary>
    public int? Line { get; }

    /// <summary>1-based column (field) number of a CSV line.</summary>
    public int? Column { get; }

    /// <summary>The CSV header name of <see cref="Column"/>.</summary>
    public string? ColumnName { get; }

    private static string Compose(string message, string? fileName, int? line, int? column, string? columnName)
    {
        var where = new List<string>(3);
        if (fileName is not null)
        {
            where.Add(fileName);
        }

        if (line is not null)
        {
            where.Add($"line {line}");
        }

        if (column is not null)
        {
            where.Add(columnName is null ? $"column {column}" : $"column {column} ('{columnName}')");
        }

        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
