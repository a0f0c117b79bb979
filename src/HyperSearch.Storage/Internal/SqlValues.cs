using System.Globalization;

namespace HyperSearch.Storage.Internal;

/// <summary>
/// How ids and timestamps are written, per database. Dapper consults its built-in type map before any
/// type handler when it binds a Guid or DateTimeOffset parameter, so the stores convert these values
/// explicitly: PostgreSQL gets uuid and UTC timestamptz (Npgsql rejects other offsets); SQLite gets
/// lower-case uuid text and fixed-width UTC ISO-8601 text, whose text order is time order.
/// Both keep microseconds, PostgreSQL's precision, so the two stores round-trip alike.
/// </summary>
internal abstract class SqlValues
{
    public static readonly SqlValues Postgres = new PostgresValues();
    public static readonly SqlValues Sqlite = new SqliteValues();

    public abstract object Id(Guid value);

    public abstract object Time(DateTimeOffset value);

    /// <summary>A double; SQLite cannot bind NaN (it would be NULL anyway), so NaN is written as NULL and read back as NaN.</summary>
    public abstract object? Real(double value);

    public object? Real(double? value) => value is { } v ? Real(v) : null;

    public object? Id(Guid? value) => value is { } v ? Id(v) : null;

    public object? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    /// <summary>A list of ids for <see cref="SqlDialect.In"/>: an array of what <see cref="Id(Guid)"/> gives (Guid[]
    /// binds as uuid[]). Typed Array, not object: Dapper decides from a parameter's declared type whether it
    /// is a list (to expand for SQLite's IN, or to pass as one array to Npgsql).</summary>
    public abstract Array Ids(IEnumerable<Guid> values);

    /// <summary>UTC, truncated to whole microseconds.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - (utc % 10), TimeSpan.Zero);
    }

    private sealed class PostgresValues : SqlValues
    {
        public override object Id(Guid value) => value;

        public override object Time(DateTimeOffset value) => Normalize(value);

        public override object? Real(double value) => value;

        public override Array Ids(IEnumerable<Guid> values) => values.ToArray();
    }

    private sealed class SqliteValues : SqlValues
    {
        public override object Id(Guid value) => value.ToString("D");

        public override object? Real(double value) => double.IsNaN(value) ? null : value;

        public override Array Ids(IEnumerable<Guid> values) => values.Select(v => v.ToString("D")).ToArray();

        public override object Time(DateTimeOffset value) =>
            Normalize(value).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
