namespace HyperSearch.Core.Tests;

public class VocabularyTests
{
    private enum Sample
    {
        Queued,
        Completed,
        TrainAccuracy,
    }

    [Theory]
    [InlineData("random", true)]
    [InlineData("Random", false)]
    [InlineData(" random", false)]
    [InlineData("random,grid", false)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    public void Contains_AcceptsExactNamesOnly(string? name, bool expected)
    {
        Assert.Equal(expected, Strategies.All.Contains(name));
    }

    [Fact]
    public void Unknown_NamesTheFieldAndEveryName()
    {
        Assert.Equal("Unknown dataset.split 'random'. Use 'ordered' or 'shuffled'.", Splits.All.Unknown("random"));
        Assert.Equal("'none', 'zero-center' or 'standardize'", Preprocessings.All.Describe());
    }

    [Fact]
    public void Constructor_RejectsDuplicateNames()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary("x", "a", "a"));
    }

    [Theory]
    [InlineData("queued", true)]
    [InlineData("trainAccuracy", true)]
    [InlineData("Queued", false)]
    [InlineData("1", false)]
    [InlineData("queued,completed", false)]
    [InlineData("", false)]
    public void EnumNames_ParseExactCamelCaseNamesOnly(string name, bool expected)
    {
        Assert.Equal(expected, EnumNames<Sample>.TryParse(name, out _));
    }

    [Fact]
    public void EnumNames_RoundTripEveryMember()
    {
        Assert.Equal(["queued", "completed", "trainAccuracy"], EnumNames<Sample>.All);
        Assert.All(Enum.GetValues<Sample>(), v => Assert.Equal(v, EnumNames<Sample>.Parse(EnumNames<Sample>.Of(v))));
    }
}
