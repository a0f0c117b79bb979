namespace HyperSearch.Service.Hosting;

/// <summary>Which backend a process runs on: embedded (SQLite + in-memory Hangfire) or Postgres (both).</summary>
public enum StorageMode
{
    Embedded,
    Postgres,
}
