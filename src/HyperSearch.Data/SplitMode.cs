namespace HyperSearch.Data;

/// <summary>How train and validation rows are chosen from the training part of a source.</summary>
public enum SplitMode
{
    /// <summary>The first TrainSize rows train, the last ValidationSize rows validate (the reference workload's split). Ignores the seed.</summary>
    Ordered,

    /// <summary>A seeded shuffle (Fisher–Yates with the product's seeded Rng), then the first TrainSize rows train and the next ValidationSize validate.</summary>
    Shuffled,
}
