namespace HyperSearch.Storage;

/// <summary>A schema migration failed; <see cref="ScriptName"/> names the script when one was running.</summary>
public sealed class DatabaseMigrationException : Exception
{
    public DatabaseMigrationException()
    {
    }

    public DatabaseMigrationException(string message)
        : base(message)
    {
    }

    public DatabaseMigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public DatabaseMigrationException(string message, string? scriptName, Exception? innerException)
        : base(message, innerException) => ScriptName = scriptName;

    /// <summary>The embedded script that failed (e.g. <c>postgres.0002_x.sql</c>), or null when the
    /// failure came before any script (e.g. the database is unreachable).</summary>
    public string? ScriptName { get; }
}
