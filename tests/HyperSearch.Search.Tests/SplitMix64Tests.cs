namespace HyperSearch.Search.Tests;

public class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_MatchesTheReferenceImplementation()
    {
        // First output of Vigna's splitmix64.c seeded with 0.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).NextUInt64());
    }

    [Fact]
    public void NextDouble_IsInTheUnitInterval()
    {
        var generator = new SplitMix64(-5);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(generator.NextDouble(), 0, 1 - 1e-17);
        }
    }
}
