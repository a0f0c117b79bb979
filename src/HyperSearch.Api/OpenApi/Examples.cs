namespace HyperSearch.Api.OpenApi;

/// <summary>Example request bodies shown in the document (issue 6's search, a small comparison, the reference MLP's range test); the contract tests submit them.</summary>
internal static class Examples
{
    public const string Search = """
        {
          "name": "fmnist lr/reg", "seed": 42,
          "dataset": { "name": "fashion-mnist", "trainSize": 50000, "validationSize": 10000, "preprocessing": "zero-center" },
          "strategy": "random", "trials": 20, "epochs": 2,
          "space": {
            "learningRate": { "min": 0.0001, "max": 0.1, "scale": "log" },
            "regularization": { "min": 0.000001, "max": 0.01, "scale": "log" },
            "hiddenLayers": { "values": [[256], [512, 256]] },
            "activation": { "values": ["relu", "leaky_relu", "elu"] },
            "optimizer": { "values": ["sgd_momentum", "adam"] },
            "batchSize": { "values": [64, 128] }
          },
          "refine": { "stages": 2, "topK": 5, "trials": 10, "epochs": 6 },
          "overfitGap": 0.1
        }
        """;

    public const string Comparison = """
        {
          "name": "random vs grid", "seed": 7, "budget": 9, "epochs": 3,
          "dataset": "spiral",
          "space": {
            "learningRate": { "min": 0.001, "max": 1, "scale": "log" },
            "regularization": { "min": 0.00001, "max": 0.01, "scale": "log" }
          },
          "arms": [{ "name": "random+asha", "strategy": "random", "scheduler": { "kind": "asha", "reduction": 3 } }]
        }
        """;

    public const string LearningRateFinder = """
        {
          "dataset": { "name": "fashion-mnist", "trainSize": 20000, "validationSize": 5000, "preprocessing": "standardize" },
          "hyperparameters": { "hiddenLayers": [512, 256], "activation": "relu", "weightInit": "he",
                               "optimizer": "sgd_momentum", "momentum": 0.9, "batchSize": 128, "regularization": 0.0001 },
          "minLr": 0.000001, "maxLr": 10, "steps": 200, "seed": 1
        }
        """;
}
