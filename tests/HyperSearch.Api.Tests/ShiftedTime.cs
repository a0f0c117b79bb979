namespace HyperSearch.Api.Tests;

/// <summary>The system clock moved forward by <see cref="Offset"/>, so a test can let scan periods and leases pass without waiting.</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
