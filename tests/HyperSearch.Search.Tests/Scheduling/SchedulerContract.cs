namespace HyperSearch.Search.Tests.Scheduling;

/// <summary>
/// What every scheduler rule must do so the service can call it inside a transaction (the
/// counterpart of <see cref="SamplerContract"/>): the decision is a function of the inputs as a set —
/// not of their order, not of earlier calls — and it leaves the caller's list alone. Each rule's test
/// class derives from this, draws valid inputs for its rule, and inherits every fact.
/// </summary>
/// <typeparam name="TItem">One recorded result the rule reads (a rung result, another trial's value).</typeparam>
/// <typeparam name="TDecision">What the rule returns; compared with xUnit's structural equality.</typeparam>
public abstract class SchedulerContract<TItem, TDecision>
{
    private const int Draws = 300;

    /// <summary>A configured rule and inputs it accepts, varied by <paramref name="random"/> (ties and NaNs included).</summary>
    protected abstract (Func<IReadOnlyList<TItem>, TDecision> Decide, IReadOnlyList<TItem> Items) Draw(Random random);

    /// <summary>The decision that changes nothing (no promotion, nothing pruned, keep training).</summary>
    protected abstract TDecision NoAction { get; }

    [Fact]
    public void Decide_IsTheSame_WhateverTheOrderOfTheInputs()
    {
        var random = new Random(20260101);
        for (var i = 0; i < Draws; i++)
        {
            var (decide, items) = Draw(random);
            var expected = decide(items);

            for (var s = 0; s < 3; s++)
            {
                var shuffled = items.ToArray();
                random.Shuffle(shuffled);
                Assert.Equal(expected, decide(shuffled));
            }
        }
    }

    [Fact]
    public void Decide_IsRepeatable_AndLeavesTheInputUnchanged()
    {
        var random = new Random(7);
        for (var i = 0; i < Draws; i++)
        {
            var (decide, items) = Draw(random);
            var input = items.ToArray();

            var first = decide(input);
            var second = decide(input);

            Assert.Equal(first, second);
            Assert.Equal(items, input);
        }
    }

    [Fact]
    public void Decide_TakesNoAction_WithoutAnyResults()
    {
        var (decide, _) = Draw(new Random(1));

        Assert.Equal(NoAction, decide([]));
    }

    [Fact]
    public void Draws_IncludeBothActionAndNoAction_SoTheFactsAboveAreNotVacuous()
    {
        var random = new Random(99);

        var acted = Enumerable.Range(0, Draws).Count(_ =>
        {
            var (decide, items) = Draw(random);
            return !Equals(decide(items), NoAction) && !SameSequence(decide(items), NoAction);
        });

        Assert.InRange(acted, Draws / 10, Draws - (Draws / 10));
    }

    private static bool SameSequence(TDecision a, TDecision b) =>
        a is System.Collections.IEnumerable x && b is System.Collections.IEnumerable y && x.Cast<object>().SequenceEqual(y.Cast<object>());
}
