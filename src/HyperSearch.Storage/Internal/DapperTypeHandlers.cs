using System.Data;
using System.Globalization;
using Dapper;

namespace HyperSearch.Storage.Internal;

/// <summary>
/// Dapper type handlers for reading (Dapper's handler table is process-wide, and its deserialisers are
/// cached per query, so the stores register these in their static constructors, before their first query).
/// They accept what either driver returns: Npgsql's Guid/DateTime, SQLite's TEXT. Dapper does not use them
/// to bind Guid/DateTimeOffset parameters (its built-in map wins); the stores convert those with <see cref="SqlValues"/>.
/// </summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value) => parameter.Value = value;

        public override Guid Parse(object value) => value switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            byte[] b => new Guid(b),
            _ => throw new InvalidCastException($"Cannot read a Guid from {value.GetType().Name}."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = SqlValues.Normalize(value);

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            long ms => DateTimeOffset.FromUnixTimeMilliseconds(ms),
            _ => throw new InvalidCastException($"Cannot read a DateTimeOffset from {value.GetType().Name}."),
        };
    }
}
