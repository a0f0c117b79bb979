namespace HyperSearch.Search;

/// <summary>What refinement did to one parameter, for the dashboard's "why did the range move" note.</summary>
public enum RangeChange
{
    /// <summary>Fixed, or every listed value was among the top trials.</summary>
    Kept,

    /// <summary>The range shrank around the top trials, or values not among them were dropped.</summary>
    Narrowed,

    /// <summary>The best trial sat at the lower edge, so the range moved below it.</summary>
    ExtendedBelow,

    /// <summary>The best trial sat at the upper edge, so the range moved above it.</summary>
    ExtendedAbove,
}
