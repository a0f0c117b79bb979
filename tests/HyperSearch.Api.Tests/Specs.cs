namespace HyperSearch.Api.Tests;

/// <summary>Small search specs on the spiral set (900 points, 3 classes): each trial trains in well under a second.</summary>
public static class Specs
{
    public static string Random(int trials = 4, int epochs = 30, string extra = "", string space = DefaultSpace) => $$"""
        { "name": "spiral random", "seed": 7, "dataset": { "name": "spiral" },
          "strategy": "random", "trials": {{trials}}, "epochs": {{epochs}}, "sanityChecks": false,
          "space": {{space}} {{extra}} }
        """;

    public const string DefaultSpace = """
        { "learningRate": { "min": 1e-2, "max": 1, "scale": "log" },
          "regularization": { "min": 1e-5, "max": 1e-2, "scale": "log" },
          "hiddenLayers": { "values": [[32], [64]] },
          "activation": { "values": ["relu", "tanh"] },
          "batchSize": 64 }
        """;
}
