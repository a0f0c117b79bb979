using System.Text;
using System.Text.Json;

namespace HyperSearch.Api.Endpoints;

/// <summary>
/// One walk over a well-formed JSON body's tokens that finds what the parser would silently accept:
/// a key given twice in one object (System.Text.Json keeps the last), a lone UTF-16 surrogate escape
/// (<c>"\ud800"</c>, <c>"\udc00"</c>, a high surrogate not followed by a low one; reading such a
/// string throws), text that is not valid UTF-8, and NUL characters (PostgreSQL cannot store them in
/// text or jsonb, so both backends refuse them). Problems are keyed by JSON path, as the spec
/// parser's are: <c>space.learningRate.min</c>, <c>space.activation.values[1]</c>.
/// </summary>
internal static class JsonTextCheck
{
    /// <summary>At most this many paths are reported; a body full of duplicates is not echoed back.</summary>
    public const int MaxProblems = 20;

    private const string BodyField = "body";

    /// <summary>The problems of <paramref name="utf8Json"/>, which must already have parsed (with the same depth limit).</summary>
    public static IReadOnlyDictionary<string, string[]> Check(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        var problems = new Problems();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        var stack = new Stack<Container>();
        while (!problems.Truncated && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    stack.Push(new Container(reader.TokenType == JsonTokenType.StartArray, stack.Count == 0 ? "" : stack.Peek().NextValuePath()));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    CheckKey(ref reader, stack.Peek(), problems);
                    break;
                case JsonTokenType.String:
                    var path = stack.Count == 0 ? BodyField : stack.Peek().NextValuePath();
                    if (Problem(ref reader) is { } problem)
                    {
                        problems.Add(path, $"The string {problem}");
                    }

                    break;
                default:
                    if (stack.Count > 0)
                    {
                        stack.Peek().NextValuePath();
                    }

                    break;
            }
        }

        return problems.ToDictionary();
    }

    private static void CheckKey(ref Utf8JsonReader reader, Container obj, Problems problems)
    {
        if (Problem(ref reader) is { } problem)
        {
            // The key cannot be shown decoded: name it by its text as sent (escapes and all).
            obj.Key = Join(obj.Path, Segment(Encoding.UTF8.GetString(reader.ValueSpan)));
            problems.Add(obj.Key, $"The key {problem}");
            return;
        }

        var name = reader.GetString()!;
        obj.Key = Join(obj.Path, Segment(name));
        if (!obj.Keys.Add(name))
        {
            problems.Add(obj.Key, $"The key '{name}' is given more than once in this object; give each key once (a JSON reader would silently keep only the last).");
        }
    }

    /// <summary>What is wrong with the current string or key token, or null when it is fine.</summary>
    private static string? Problem(ref Utf8JsonReader reader)
    {
        // The reader runs over one span, so the token's raw text is ValueSpan (never a sequence).
        if (reader.ValueIsEscaped && LoneSurrogateEscape(reader.ValueSpan) is { } escape)
        {
            return $"has the escape '{escape}', a lone UTF-16 surrogate: a high surrogate (\\ud800-\\udbff) must be followed by a low one (\\udc00-\\udfff). Send the character itself or a valid pair.";
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return "is not valid UTF-8 text.";
        }

        return text.Contains('\0', StringComparison.Ordinal)
            ? "contains a NUL character (\\u0000), which cannot be stored; remove it."
            : null;
    }

    /// <summary>The first <c>\uXXXX</c> escape in raw (still escaped) JSON string text that is an unpaired surrogate.</summary>
    private static string? LoneSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        string? pendingHigh = null;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh is not null)
                {
                    return pendingHigh;
                }

                continue;
            }

            // The reader has checked the escapes' syntax: '\' is followed by one character, or by u and four hex digits.
            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh is not null)
                {
                    return pendingHigh;
                }

                i++;
                continue;
            }

            var escape = Encoding.ASCII.GetString(raw.Slice(i, 6));
            var unit = Convert.ToInt32(escape[2..], 16);
            i += 5;
            if (char.IsHighSurrogate((char)unit))
            {
                if (pendingHigh is not null)
                {
                    return pendingHigh;
                }

                pendingHigh = escape;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                if (pendingHigh is null)
                {
                    return escape;
                }

                pendingHigh = null;
            }
            else if (pendingHigh is not null)
            {
                return pendingHigh;
            }
        }

        return pendingHigh;
    }

    private static string Segment(string key) => key.Length == 0 ? "\"\"" : key;

    private static string Join(string parent, string segment) => parent.Length == 0 ? segment : $"{parent}.{segment}";

    /// <summary>An object or array being walked: its path, and the keys seen (objects) or the next index (arrays).</summary>
    private sealed class Container(bool isArray, string path)
    {
        private int _index;

        public string Path { get; } = path;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>The path of the key just read (objects).</summary>
        public string Key { get; set; } = path;

        /// <summary>The path of the value that comes next: the last key's (objects) or the next index (arrays).</summary>
        public string NextValuePath() => isArray ? $"{Path}[{_index++}]" : Key;
    }

    private sealed class Problems
    {
        private readonly Dictionary<string, List<string>> _byPath = new(StringComparer.Ordinal);

        /// <summary>A problem at a new path came after <see cref="MaxProblems"/> paths; the walk stops.</summary>
        public bool Truncated { get; private set; }

        public void Add(string path, string message)
        {
            if (!_byPath.TryGetValue(path, out var messages))
            {
                if (_byPath.Count == MaxProblems)
                {
                    Truncated = true;
                    return;
                }

                _byPath[path] = messages = [];
            }

            if (!messages.Contains(message))
            {
                messages.Add(message);
            }
        }

        public IReadOnlyDictionary<string, string[]> ToDictionary()
        {
            var result = _byPath.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
            if (Truncated)
            {
                result.TryAdd(BodyField, [$"The body has more problems; the first {MaxProblems} are listed."]);
            }

            return result;
        }
    }
}
