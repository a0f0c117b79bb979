using System.Globalization;
using System.Text;

namespace HyperSearch.Data;

/// <summary>
/// Parses an uploaded CSV into a <see cref="RawDataset"/> without storing anything: a header row,
/// one label column (any text; the sorted distinct strings become class ids 0..K-1 and are kept as
/// class names) and numeric feature columns. Fields are comma-separated, RFC 4180 quoting is
/// accepted, blank lines are skipped. Every error names the line (the header is line 1) and the
/// column, so a user can fix the file.
/// </summary>
public static class CsvDatasetParser
{
    public const string DefaultLabelColumn = "label";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the stream (asynchronously; ASP.NET request bodies forbid sync reads) up to the byte limit, then parses.</summary>
    public static async Task<RawDataset> ParseAsync(
        Stream stream,
        string labelColumn = DefaultLabelColumn,
        CsvLimits? limits = null,
        string? fileName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= CsvLimits.Default;
        var bytes = await ReadLimitedAsync(stream, limits.MaxBytes, fileName, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, labelColumn, limits, fileName);
    }

    public static RawDataset Parse(Stream stream, string labelColumn = DefaultLabelColumn, CsvLimits? limits = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= CsvLimits.Default;
        var bytes = ReadLimitedAsync(stream, limits.MaxBytes, fileName, CancellationToken.None, sync: true).GetAwaiter().GetResult();
        return Parse(bytes, labelColumn, limits, fileName);
    }

    public static RawDataset Parse(ReadOnlySpan<byte> bytes, string labelColumn = DefaultLabelColumn, CsvLimits? limits = null, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        limits ??= CsvLimits.Default;
        if (bytes.Length > limits.MaxBytes)
        {
            throw new DatasetFormatException($"The file is {bytes.Length:N0} bytes; the limit is {limits.MaxBytes:N0} bytes.", fileName);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DatasetFormatException("The file is not valid UTF-8 text.", fileName, innerException: e);
        }

        return new Parser(text, labelColumn, limits, fileName).Run();
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, long maxBytes, string? fileName, CancellationToken cancellationToken, bool sync = false)
    {
        // Read one byte past the limit so an oversized upload is rejected without reading all of it.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = sync
                ? stream.Read(chunk, 0, chunk.Length)
                : await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw new DatasetFormatException($"The file is larger than the limit of {maxBytes:N0} bytes.", fileName);
            }
        }

        return buffer.ToArray();
    }

    private readonly record struct Field(int Start, int Length, bool HasEscapedQuotes);

    private sealed class Parser(string text, string labelColumn, CsvLimits limits, string? fileName)
    {
        private readonly List<Field> _fields = [];
        private int _position;
        private int _line = 1;
        private int _recordLine;

        public RawDataset Run()
        {
            if (!NextNonBlankRecord())
            {
                throw new DatasetFormatException("The file is empty; expected a header row and data rows.", fileName);
            }

            var header = _fields.Select(f => FieldText(f).Trim()).ToArray();
            if (header.Length > limits.MaxColumns)
            {
                throw new DatasetFormatException($"The header has {header.Length} columns; the limit is {limits.MaxColumns}.", fileName, _recordLine);
            }

            var labelIndex = FindLabelColumn(header);
            if (header.Length < 2)
            {
                throw new DatasetFormatException($"The header has only the label column '{header[labelIndex]}'; at least one feature column is needed.", fileName, _recordLine);
            }

            var featureCount = header.Length - 1;
            var features = new float[Math.Min(featureCount * 1024, featureCount * (limits.MaxRows + 1))];
            var rowLabels = new List<string>();
            var rows = 0;
            while (NextNonBlankRecord())
            {
                if (_fields.Count != header.Length)
                {
                    throw new DatasetFormatException(
                        $"The row has {_fields.Count} fields; the header has {header.Length}.", fileName, _recordLine);
                }

                if (rows == limits.MaxRows)
                {
                    throw new DatasetFormatException($"The file has more than {limits.MaxRows:N0} data rows (the limit).", fileName, _recordLine);
                }

                if ((rows + 1) * featureCount > features.Length)
                {
                    Array.Resize(ref features, features.Length * 2);
                }

                var output = features.AsSpan(rows * featureCount, featureCount);
                var j = 0;
                for (var c = 0; c < _fields.Count; c++)
                {
                    if (c == labelIndex)
                    {
                        var label = FieldText(_fields[c]).Trim();
                        if (label.Length == 0)
                        {
                            throw new DatasetFormatException("The label is empty.", fileName, _recordLine, c + 1, header[c]);
                        }

                        rowLabels.Add(label);
                        continue;
                    }

                    output[j++] = ParseFeature(_fields[c], c, header[c]);
                }

                rows++;
            }

            if (rows == 0)
            {
                throw new DatasetFormatException("The file has a header but no data rows.", fileName);
            }

            var classNames = rowLabels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (classNames.Length < 2)
            {
                throw new DatasetFormatException(
                    $"The label column '{header[labelIndex]}' has only {classNames.Length} distinct value ('{classNames[0]}'); classification needs at least 2 classes.",
                    fileName);
            }

            if (classNames.Length > limits.MaxClasses)
            {
                throw new DatasetFormatException(
                    $"The label column '{header[labelIndex]}' has {classNames.Length:N0} distinct values; the limit is {limits.MaxClasses:N0} classes. Is it the right column?",
                    fileName);
            }

            var ids = new Dictionary<string, int>(classNames.Length, StringComparer.Ordinal);
            for (var k = 0; k < classNames.Length; k++)
            {
                ids[classNames[k]] = k;
            }

            var labels = rowLabels.Select(l => ids[l]).ToArray();
            Array.Resize(ref features, rows * featureCount);
            var featureNames = header.Where((_, i) => i != labelIndex).ToArray();
            return new RawDataset(DatasetKind.Csv, RawSplit.FromValues(features, labels, featureCount), test: null, classNames.Length, classNames, channels: 1, featureNames);
        }

        private int FindLabelColumn(string[] header)
        {
            var exact = Array.IndexOf(header, labelColumn);
            if (exact >= 0)
            {
                if (Array.IndexOf(header, labelColumn, exact + 1) >= 0)
                {
                    throw new DatasetFormatException($"The header has the label column '{labelColumn}' more than once.", fileName, _recordLine);
                }

                return exact;
            }

            var loose = header.Select((h, i) => (h, i)).Where(x => string.Equals(x.h, labelColumn, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (loose.Length == 1)
            {
                return loose[0].i;
            }

            var shown = string.Join(", ", header.Take(20).Select(h => $"'{h}'")) + (header.Length > 20 ? ", …" : "");
            throw new DatasetFormatException($"The header has no label column '{labelColumn}'. Its columns are {shown}.", fileName, _recordLine);
        }

        private float ParseFeature(Field field, int column, string name)
        {
            var raw = field.HasEscapedQuotes ? FieldText(field).AsSpan() : text.AsSpan(field.Start, field.Length);
            raw = raw.Trim();
            if (raw.Length == 0)
            {
                throw new DatasetFormatException("The feature value is empty; every feature must be a number.", fileName, _recordLine, column + 1, name);
            }

            if (!float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var shown = raw.Length > 40 ? string.Concat(raw[..40], "…") : raw.ToString();
                throw new DatasetFormatException($"'{shown}' is not a number; features must be numeric (only the label column may hold text).", fileName, _recordLine, column + 1, name);
            }

            if (!float.IsFinite(value))
            {
                throw new DatasetFormatException($"'{raw}' is not a finite float32 number.", fileName, _recordLine, column + 1, name);
            }

            return value;
        }

        private string FieldText(Field field)
        {
            var value = text.Substring(field.Start, field.Length);
            return field.HasEscapedQuotes ? value.Replace("\"\"", "\"", StringComparison.Ordinal) : value;
        }

        private bool NextNonBlankRecord()
        {
            while (NextRecord())
            {
                var blank = _fields.Count == 1 && text.AsSpan(_fields[0].Start, _fields[0].Length).IsWhiteSpace();
                if (!blank)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reads one record into _fields; false at the end of the text.</summary>
        private bool NextRecord()
        {
            _fields.Clear();
            if (_position >= text.Length)
            {
                return false;
            }

            _recordLine = _line;
            while (true)
            {
                var start = _position;
                while (_position < text.Length && text[_position] is ' ' or '\t')
                {
                    _position++;
                }

                if (_position < text.Length && text[_position] == '"')
                {
                    ReadQuoted();
                }
                else
                {
                    _position = start;
                    while (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                    {
                        if (text[_position] == '"')
                        {
                            throw new DatasetFormatException(
                                "A quote appears inside an unquoted field; quote the whole field and double inner quotes (\"\").",
                                fileName, _line, _fields.Count + 1);
                        }

                        _position++;
                    }

                    _fields.Add(new Field(start, _position - start, false));
                }

                if (_fields.Count > limits.MaxColumns + 1)
                {
                    throw new DatasetFormatException($"The row has more than {limits.MaxColumns} fields (the limit).", fileName, _recordLine);
                }

                if (_position >= text.Length)
                {
                    return true;
                }

                switch (text[_position])
                {
                    case ',':
                        _position++;
                        continue;
                    case '\r':
                        _position++;
                        if (_position < text.Length && text[_position] == '\n')
                        {
                            _position++;
                        }

                        _line++;
                        return true;
                    default:
                        _position++;
                        _line++;
                        return true;
                }
            }
        }

        private void ReadQuoted()
        {
            var openLine = _line;
            _position++;
            var start = _position;
            var escaped = false;
            while (true)
            {
                var quote = text.IndexOf('"', _position);
                if (quote < 0)
                {
                    throw new DatasetFormatException("A quoted field is never closed.", fileName, openLine, _fields.Count + 1);
                }

                _line += text.AsSpan(_position, quote - _position).Count('\n');
                if (quote + 1 < text.Length && text[quote + 1] == '"')
                {
                    escaped = true;
                    _position = quote + 2;
                    continue;
                }

                _fields.Add(new Field(start, quote - start, escaped));
                _position = quote + 1;
                break;
            }

            while (_position < text.Length && text[_position] is ' ' or '\t')
            {
                _position++;
            }

            if (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
            {
                throw new DatasetFormatException("Unexpected text after a closing quote.", fileName, _line, _fields.Count);
            }
        }
    }
}
