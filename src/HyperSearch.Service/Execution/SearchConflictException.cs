namespace HyperSearch.Service.Execution;

/// <summary>The search is in a state that refuses the request (a cancelled or failed search cannot be extended): HTTP 409.</summary>
public sealed class SearchConflictException(string message) : Exception(message);
