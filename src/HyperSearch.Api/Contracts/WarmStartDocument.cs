using System.ComponentModel;

namespace HyperSearch.Api.Contracts;

/// <summary>"warmStart" of a submitted search: an earlier search of the caller on the same dataset.</summary>
public sealed record WarmStartDocument
{
    [Description("The earlier search, whose trials finished by now seed this one (TPE history from the first trial; the refinement of stage 1's successors).")]
    public required Guid SearchId { get; init; }
}
