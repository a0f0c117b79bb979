namespace HyperSearch.Service.Hosting;

/// <summary>The configured database could not be reached or migrated at start-up.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
