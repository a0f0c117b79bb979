namespace HyperSearch.Search.Tests;

/// <summary>Search spaces shared by the tests.</summary>
internal static class Spaces
{
    /// <summary>The space from issue 6's example spec.</summary>
    public const string Issue6Json = """
        {
          "learningRate":   { "min": 1e-4, "max": 1e-1, "scale": "log" },
          "regularization": { "min": 1e-6, "max": 1e-2, "scale": "log" },
          "hiddenLayers":   { "values": [[256], [512, 256]] },
          "activation":     { "values": ["relu", "leaky_relu", "elu", "tanh", "sigmoid", "maxout"] },
          "weightInit":     { "values": ["xavier", "he", "small_random"] },
          "batchNorm":      { "values": [true, false] },
          "optimizer":      { "values": ["sgd_momentum", "adam"] },
          "batchSize":      { "values": [64, 128] }
        }
        """;

    /// <summary>Every kind of dimension: log and linear floats, log and linear ints, lists, fixed values.</summary>
    public const string MixedJson = """
        {
          "learningRate":   { "min": 1e-5, "max": 1e-1 },
          "regularization": { "min": 1e-6, "max": 1e-2, "scale": "log" },
          "depth":          { "min": 1, "max": 4 },
          "width":          { "min": 16, "max": 512, "scale": "log" },
          "activation":     { "values": ["relu", "tanh", "maxout"] },
          "batchNorm":      { "values": [true, false] },
          "batchSize":      { "values": [32, 64, 128] },
          "dropout":        { "min": 0, "max": 0.5 },
          "momentum":       0.95,
          "optimizer":      "nesterov"
        }
        """;

    public static SearchSpace Issue6 => SearchSpace.Parse(Issue6Json);

    public static SearchSpace Mixed => SearchSpace.Parse(MixedJson);

    public static SearchSpace LearningRateAndRegularization => SearchSpace.Parse("""
        { "learningRate": { "min": 1e-6, "max": 1e-1 }, "regularization": { "min": 1e-6, "max": 1e-1 } }
        """);
}
